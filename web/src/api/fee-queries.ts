import { useQuery } from '@tanstack/react-query';
import { api } from './api-client.ts';
import type { FeeAccount, FeeActionReply, FeePaymentReply, Institution, Page, PaymentMethod, WaiverReason } from './api-types.ts';

export const patronFeesKey = (patronId: string) => ['patron-fees', patronId] as const;

/** A patron's open fees, their balances and the total owed. */
export function usePatronFees(patronId: string | undefined) {
  return useQuery({
    queryKey: patronFeesKey(patronId ?? ''),
    queryFn: ({ signal }) => api.get<FeeAccount>(`/patrons/${encodeURIComponent(patronId ?? '')}/fees`, { status: 'open' }, signal),
    enabled: Boolean(patronId),
    staleTime: 0,
  });
}

/** Under the open fees' key, so that whatever refreshes a patron's fees refreshes these too. */
export const patronClosedFeesKey = (patronId: string) => [...patronFeesKey(patronId), 'closed'] as const;

/** A patron's fees paid, waived, transferred or cancelled in full, with their actions. */
export function usePatronClosedFees(patronId: string) {
  return useQuery({
    queryKey: patronClosedFeesKey(patronId),
    queryFn: ({ signal }) => api.get<FeeAccount>(`/patrons/${encodeURIComponent(patronId)}/fees`, { status: 'closed' }, signal),
    staleTime: 0,
  });
}

export function useWaiverReasons(enabled: boolean) {
  return useQuery({
    queryKey: ['waiver-reasons'],
    queryFn: ({ signal }) => api.get<Page<WaiverReason>>('/waiver-reasons', undefined, signal),
    enabled,
    staleTime: 10 * 60_000,
  });
}

/** The signed-in staff member's institution, for its currency. */
export function useInstitution() {
  return useQuery({ queryKey: ['institution'], queryFn: ({ signal }) => api.get<Institution>('/institution', undefined, signal), staleTime: Infinity });
}

export interface FeePaymentInput {
  amountCents: number;
  method: PaymentMethod;
  feeIds?: string[];
  dryRun?: boolean;
}

/** One payment across the fees picked (or every open fee, oldest first). */
export function payPatronFees(patronId: string, input: FeePaymentInput) {
  return api.post<FeePaymentReply>(`/patrons/${encodeURIComponent(patronId)}/fees/pay`, input);
}

export interface FeeWaiverInput {
  amountCents: number;
  waiverReasonId: string;
  note?: string;
  dryRun?: boolean;
}

export function waiveFee(feeId: string, input: FeeWaiverInput) {
  return api.post<FeeActionReply>(`/fees/${encodeURIComponent(feeId)}/waive`, input);
}

/** Where refunded money goes: back to the patron, to their credit, or back onto what is owed (a payment reversed). */
export type RefundTarget = 'patron' | 'credit' | 'balance';

export interface FeeRefundInput {
  amountCents: number;
  refundTo: RefundTarget;
  note: string;
  dryRun?: boolean;
}

export function refundFee(feeId: string, input: FeeRefundInput) {
  return api.post<FeeActionReply>(`/fees/${encodeURIComponent(feeId)}/refund`, input);
}

export interface FeeTransferInput {
  amountCents?: number;
  note?: string;
  dryRun?: boolean;
}

/** Move what is owed (or part of it) to the bursar. */
export function transferFee(feeId: string, input: FeeTransferInput) {
  return api.post<FeeActionReply>(`/fees/${encodeURIComponent(feeId)}/transfer`, input);
}
