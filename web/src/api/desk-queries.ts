import { carrelApi, replyOf } from './api-client.ts';
import type { ReplyOf, Schemas } from './api-shapes.ts';
import type { Refusal } from './patron-account-queries.ts';
import type { HoldSlip } from './request-queries.ts';

// The desk's check-out and check-in: what they send to /api/v1/circulation and what comes back.

export type CheckedOutLoan = Schemas['CheckedOut']['loan'];

export type CheckOutReply = Schemas['CheckedOut'];

export type RoutingSlip = NonNullable<Schemas['CheckedIn']['routingSlip']>;

export type CheckInReply = Schemas['CheckedIn'];

/** Check-in's reply with the hold slip the server adds when a waiting request takes the item. */
export type DeskCheckInReply = CheckInReply;

export type { Refusal };

export interface CheckOutInput {
  patronBarcode: string;
  itemBarcode: string;
  servicePointId: string;
  override?: { reason: string };
}

export async function checkOutItem(input: CheckOutInput): Promise<CheckOutReply> {
  const reply = await replyOf(carrelApi.POST('/circulation/check-out', { body: input }));
  // Only a dry run answers with a preview; the desk never asks for one.
  if (!('loan' in reply)) throw new Error('The check-out answered with a preview.');
  return reply;
}

export interface CheckInInput {
  itemBarcode: string;
  servicePointId: string;
  returnedAt?: string;
  makeAvailable?: boolean;
}

export function checkInItem(input: CheckInInput) {
  return replyOf(carrelApi.POST('/circulation/check-in', { body: input }));
}

export type EmailedCheckOutReceipt = ReplyOf<'/circulation/check-out-receipts/email', 'post'>;

/** Email the patron the loans of this visit (POST /circulation/check-out-receipts/email). */
export const emailCheckOutReceipt = (input: { patronId: string; loanIds: string[]; servicePointId?: string }) =>
  replyOf(carrelApi.POST('/circulation/check-out-receipts/email', { body: input }));
