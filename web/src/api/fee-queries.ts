import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { carrelApi, replyOf } from './api-client.ts';
import type { ReplyOf, Schemas } from './api-shapes.ts';
import { patronNoticesKey } from './patron-account-queries.ts';

export type Institution = Schemas['Institution'];

export type PaymentMethod = Schemas['PaymentMethod'];

export type FeeAction = Schemas['FeeAction'];

export type Fee = Schemas['Fee'];

export type FeeAccount = Schemas['PatronFeeAccount'];

export type WaiverReason = Schemas['WaiverReason'];

/** The reply to one action on one fee; with dryRun, what it would do. */
export type FeeActionReply = Schemas['FeeActionResult'];

/** The reply to one payment across several fees: each fee's share. */
export type FeePaymentReply = ReplyOf<'/patrons/{id}/fees/pay', 'post'>;

export const patronFeesKey = (patronId: string) => ['patron-fees', patronId] as const;

/** A patron's open fees, their balances and the total owed. */
export function usePatronFees(patronId: string | undefined) {
  return useQuery({
    queryKey: patronFeesKey(patronId ?? ''),
    queryFn: ({ signal }) => replyOf(carrelApi.GET('/patrons/{id}/fees', { params: { path: { id: patronId ?? '' }, query: { status: 'open' } }, signal })),
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
    queryFn: ({ signal }) => replyOf(carrelApi.GET('/patrons/{id}/fees', { params: { path: { id: patronId }, query: { status: 'closed' } }, signal })),
    staleTime: 0,
  });
}

export function useWaiverReasons(enabled: boolean) {
  return useQuery({
    queryKey: ['waiver-reasons'],
    queryFn: ({ signal }) => replyOf(carrelApi.GET('/waiver-reasons', { signal })),
    enabled,
    staleTime: 10 * 60_000,
  });
}

/** The signed-in staff member's institution, for its currency. */
export function useInstitution() {
  return useQuery({ queryKey: ['institution'], queryFn: ({ signal }) => replyOf(carrelApi.GET('/institution', { signal })), staleTime: Infinity });
}

export interface FeePaymentInput {
  amountCents: number;
  method: PaymentMethod;
  feeIds?: string[];
  dryRun?: boolean;
}

/** One payment across the fees picked (or every open fee, oldest first). */
export function payPatronFees(patronId: string, input: FeePaymentInput) {
  return replyOf(carrelApi.POST('/patrons/{id}/fees/pay', { params: { path: { id: patronId } }, body: input }));
}

export interface FeeWaiverInput {
  amountCents: number;
  waiverReasonId: string;
  note?: string;
  dryRun?: boolean;
}

export function waiveFee(feeId: string, input: FeeWaiverInput) {
  return replyOf(carrelApi.POST('/fees/{id}/waive', { params: { path: { id: feeId } }, body: input }));
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
  return replyOf(carrelApi.POST('/fees/{id}/refund', { params: { path: { id: feeId } }, body: input }));
}

export interface FeeTransferInput {
  amountCents?: number;
  note?: string;
  dryRun?: boolean;
}

/** Move what is owed (or part of it) to the bursar. */
export function transferFee(feeId: string, input: FeeTransferInput) {
  return replyOf(carrelApi.POST('/fees/{id}/transfer', { params: { path: { id: feeId } }, body: input }));
}

/**
 * An action on a patron's fees as a mutation: when it succeeds their fees are read again, open and closed alike
 * (the closed fees' key lies under the open fees' one: a refund may reopen a closed fee, a payment close an open one).
 * Dry runs are not changes: they call the functions above directly.
 */
function useFeeChange<Args extends unknown[], Reply>(patronId: string, change: (...args: Args) => Promise<Reply>): (...args: Args) => Promise<Reply> {
  const queryClient = useQueryClient();
  const mutation = useMutation({ mutationFn: (args: Args) => change(...args), onSuccess: () => queryClient.invalidateQueries({ queryKey: patronFeesKey(patronId) }) });
  return (...args: Args) => mutation.mutateAsync(args);
}

export const usePayPatronFees = (patronId: string) => useFeeChange(patronId, payPatronFees);
export const useWaiveFee = (patronId: string) => useFeeChange(patronId, waiveFee);
export const useRefundFee = (patronId: string) => useFeeChange(patronId, refundFee);
export const useTransferFee = (patronId: string) => useFeeChange(patronId, transferFee);

/** Email a receipt to the patron: the server records it among the patron's notices. */
export function useEmailFeeReceipt(patronId: string): (receiptId: string) => Promise<{ sentTo: string }> {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (receiptId: string) => replyOf<{ sentTo: string }>(carrelApi.POST('/fee-receipts/{receiptId}/email', { params: { path: { receiptId } }, body: {} })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: patronNoticesKey(patronId) }),
  });
  return (receiptId) => mutation.mutateAsync(receiptId);
}
