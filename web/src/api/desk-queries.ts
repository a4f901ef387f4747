import { api } from './api-client.ts';
import type { CheckInReply } from './api-types.ts';
import type { HoldSlip } from './request-queries.ts';

/** Check-in's reply with the hold slip the server adds when a waiting request takes the item. */
export type DeskCheckInReply = CheckInReply & { holdSlip?: HoldSlip | null };

export interface EmailedCheckOutReceipt {
  sentTo: string;
  loanCount: number;
}

/** Email the patron the loans of this visit (POST /circulation/check-out-receipts/email). */
export const emailCheckOutReceipt = (input: { patronId: string; loanIds: string[]; servicePointId?: string }) =>
  api.post<EmailedCheckOutReceipt>('/circulation/check-out-receipts/email', input);
