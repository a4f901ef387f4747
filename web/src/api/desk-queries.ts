import { useMutation, useQueryClient } from '@tanstack/react-query';
import { carrelApi, replyOf } from './api-client.ts';
import type { ReplyOf, Schemas } from './api-shapes.ts';
import { patronLoansKey, patronNoticesKey, type Refusal } from './patron-account-queries.ts';
import { useRequestsChanged } from './request-queries.ts';
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

/** Emailing the receipt as a mutation: the server records it among the patron's notices. */
export function useEmailCheckOutReceipt(): typeof emailCheckOutReceipt {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: emailCheckOutReceipt,
    onSuccess: (_sent, input) => queryClient.invalidateQueries({ queryKey: patronNoticesKey(input.patronId) }),
  });
  return (input) => mutation.mutateAsync(input);
}

/**
 * The desk's scans as mutations. What they change is read again in the background, never awaited: the scan's row
 * and the focus back in the barcode field must not wait for other lists.
 */
export function useCheckOutItem(): (input: CheckOutInput) => Promise<CheckOutReply> {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: checkOutItem,
    onSuccess: (reply) => {
      void queryClient.invalidateQueries({ queryKey: ['patron-open-loans', reply.loan.patron.id] });
    },
  });
  return (input) => mutation.mutateAsync(input);
}

/** Undoing a loan also undoes what it filled: the patron's loans and the request lists change. */
export function useUndoCheckOut(): (loan: { id: string; patron: { id: string } }) => Promise<void> {
  const queryClient = useQueryClient();
  const requestsChanged = useRequestsChanged();
  const mutation = useMutation({
    mutationFn: (loan: { id: string; patron: { id: string } }) => replyOf(carrelApi.POST('/circulation/loans/{id}/undo-check-out', { params: { path: { id: loan.id } }, body: {} })),
    onSuccess: (_undone, loan) => {
      void queryClient.invalidateQueries({ queryKey: ['patron-open-loans', loan.patron.id] });
      void requestsChanged();
    },
  });
  return async (loan) => {
    await mutation.mutateAsync(loan);
  };
}

/** A return closes the patron's loan (perhaps with a fine) and may fill a request or clear the hold shelf. */
export function useCheckInItem(): (input: CheckInInput) => Promise<CheckInReply> {
  const queryClient = useQueryClient();
  const requestsChanged = useRequestsChanged();
  const mutation = useMutation({
    mutationFn: checkInItem,
    onSuccess: (reply) => {
      const patronId = reply.loan?.patron?.id;
      if (patronId) {
        for (const queryKey of [['patron-open-loans', patronId], patronLoansKey(patronId), ['patron-fees', patronId]]) void queryClient.invalidateQueries({ queryKey });
      }
      if (reply.holdSlip || reply.clearedFromHoldShelf) void requestsChanged();
    },
  });
  return (input) => mutation.mutateAsync(input);
}
