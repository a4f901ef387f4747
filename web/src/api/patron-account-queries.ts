import { useQuery } from '@tanstack/react-query';
import { api } from './api-client.ts';
import type { Loan, Page, Patron, Refusal } from './api-types.ts';

// The patron account and the item record: what they read from /api/v1 and what they change.

export interface PatronBlock {
  id: string;
  reason: string;
  patronMessage: string | null;
  blocksBorrowing: boolean;
  blocksRenewals: boolean;
  blocksRequests: boolean;
  expiresAt: string | null;
  createdBy: string | null;
  createdAt: string;
  active: boolean;
}

export interface PatronNote {
  id: string;
  kind: 'staff' | 'pop-up';
  text: string;
  createdBy: string | null;
  createdAt: string;
}

export interface NoticeDelivery {
  id: string;
  kind: string;
  status: 'queued' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
  recipient: string | null;
  subject: string | null;
  createdAt: string;
}

export interface AuditEvent {
  id: string;
  occurredAt: string;
  actor: { kind: string; id: string | null; name: string | null };
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  reason: string | null;
}

export interface PatronGroup {
  id: string;
  code: string;
  name: string;
}

/** A loan as the account lists it: the desk's Loan plus the patron (kept only on history the patron chose to keep). */
export interface AccountLoan extends Loan {
  patron?: { id: string; barcode: string; displayName: string } | null;
}

export interface BulkRenewalReply {
  patron: { id: string; barcode: string };
  results: { loanId: string; renewed: boolean; dueAt?: string; refusals?: Refusal[] }[];
}

export interface QueueRequest {
  id: string;
  type: string;
  level: 'item' | 'title';
  status: string;
  queuePosition: number;
  patron: { id: string; barcode: string };
  item: { id: string; barcode: string; status: string } | null;
  pickupServicePoint: { id: string; name: string };
  createdAt: string;
}

interface StoredPolicy {
  id: string;
  code: string;
  name: string;
}

export interface RuleTestAnswer {
  rule: { id: string; name: string; isFallback: boolean };
  loanPolicy: StoredPolicy;
  requestPolicy: StoredPolicy;
  overdueFinePolicy: StoredPolicy;
  lostItemPolicy: StoredPolicy;
  noticePolicy: StoredPolicy;
  explanation: string[];
  dueDatePreview: { dueAt: string | null; explanation: string[] } | null;
}

const enc = encodeURIComponent;

export const patronKey = (patronId: string) => ['patron', patronId] as const;
export const patronLoansKey = (patronId: string) => ['patron-loans', patronId] as const;

export function usePatronLoans(patronId: string, status: 'open' | 'closed', enabled = true) {
  return useQuery({
    queryKey: [...patronLoansKey(patronId), status],
    queryFn: ({ signal }) => api.get<Page<AccountLoan>>('/circulation/loans', { patronId, status, limit: 200 }, signal),
    enabled,
    staleTime: 0,
  });
}

export function usePatronBlocks(patronId: string) {
  return useQuery({ queryKey: ['patron-blocks', patronId], queryFn: ({ signal }) => api.get<Page<PatronBlock>>(`/patrons/${enc(patronId)}/blocks`, undefined, signal) });
}

export function usePatronNotes(patronId: string) {
  return useQuery({ queryKey: ['patron-notes', patronId], queryFn: ({ signal }) => api.get<Page<PatronNote>>(`/patrons/${enc(patronId)}/notes`, undefined, signal) });
}

export function usePatronNotices(patronId: string) {
  return useQuery({
    queryKey: ['patron-notices', patronId],
    queryFn: ({ signal }) => api.get<Page<NoticeDelivery>>(`/patrons/${enc(patronId)}/notices`, { limit: 100 }, signal),
  });
}

export function useAuditTrail(entityType: string, entityId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['audit-trail', entityType, entityId],
    queryFn: ({ signal }) => api.get<Page<AuditEvent>>('/audit-events', { entityType, entityId, limit: 100 }, signal),
    enabled,
  });
}

export function usePatronGroups(enabled = true) {
  return useQuery({ queryKey: ['patron-groups'], queryFn: ({ signal }) => api.get<Page<PatronGroup>>('/patron-groups', undefined, signal), enabled, staleTime: 10 * 60_000 });
}

export function useItemLoans(itemId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['item-loans', itemId],
    queryFn: ({ signal }) => api.get<Page<AccountLoan>>('/circulation/loans', { itemId, limit: 50 }, signal),
    enabled,
    staleTime: 0,
  });
}

/** The title's requests in queue order; the item record keeps those this item could fill. */
export function useTitleRequests(instanceId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['title-requests', instanceId],
    queryFn: ({ signal }) => api.get<Page<QueueRequest>>('/requests', { instanceId, limit: 200 }, signal),
    enabled: enabled && Boolean(instanceId),
  });
}

export function useRuleTest(itemBarcode: string, patronGroupId: string) {
  return useQuery({
    queryKey: ['rule-test', itemBarcode, patronGroupId],
    queryFn: () => api.post<RuleTestAnswer>('/circulation-rules/test', { itemBarcode, patronGroup: patronGroupId }),
    enabled: Boolean(patronGroupId),
    retry: false,
  });
}

export type PatronChanges = Partial<{
  barcode: string;
  firstName: string;
  lastName: string;
  preferredFirstName: string | null;
  email: string | null;
  phone: string | null;
  address: { line1: string | null; line2: string | null; city: string | null; region: string | null; postalCode: string | null; country: string | null };
  expiresOn: string | null;
  patronGroupId: string;
}>;

export const updatePatron = (patronId: string, changes: PatronChanges) => api.patch<Patron>(`/patrons/${enc(patronId)}`, changes);
export const clearPinLock = (patronId: string) => api.delete<{ pinLockedUntil: null }>(`/patrons/${enc(patronId)}/pin-lock`);
export const renewOneLoan = (loanId: string) => api.post<{ loan: Loan }>(`/circulation/loans/${enc(loanId)}/renew`, {});
export const renewLoans = (patronBarcode: string, loanIds?: string[]) => api.post<BulkRenewalReply>('/circulation/renew', { patronBarcode, loanIds });
export const changeDueDate = (loanId: string, dueAt: string, reason: string) => api.patch<{ loan: Loan }>(`/circulation/loans/${enc(loanId)}/due-date`, { dueAt, reason });
export const declareLost = (loanId: string, reason: string) => api.post<{ loan: Loan }>(`/circulation/loans/${enc(loanId)}/declare-lost`, { reason: reason || undefined });
export interface LostItemChargePreview {
  dryRun: true;
  charges: { feeType: string; amountCents: number; explanation: string }[];
  explanation: string[];
}

/** What declaring the loan lost would charge, asked of the server without changing anything. */
export function useDeclareLostPreview(loanId: string) {
  return useQuery({
    queryKey: ['declare-lost-preview', loanId],
    queryFn: () => api.post<LostItemChargePreview>(`/circulation/loans/${enc(loanId)}/declare-lost`, { dryRun: true }),
    retry: false,
    staleTime: 0,
    gcTime: 0,
  });
}

export const claimReturned = (loanId: string, reason: string) => api.post<{ loan: Loan }>(`/circulation/loans/${enc(loanId)}/claim-returned`, { reason: reason || undefined });
export const addPatronBlock = (patronId: string, block: { reason: string; patronMessage?: string; blocksBorrowing: boolean; blocksRenewals: boolean; blocksRequests: boolean; expiresAt?: string | null }) =>
  api.post<PatronBlock>(`/patrons/${enc(patronId)}/blocks`, block);
export const removePatronBlock = (patronId: string, blockId: string, reason: string) => api.delete<void>(`/patrons/${enc(patronId)}/blocks/${enc(blockId)}`, { reason });
export const addPatronNote = (patronId: string, note: { kind: 'staff' | 'pop-up'; text: string }) => api.post<PatronNote>(`/patrons/${enc(patronId)}/notes`, note);
export const deletePatronNote = (patronId: string, noteId: string) => api.delete<void>(`/patrons/${enc(patronId)}/notes/${enc(noteId)}`);

/** The server's VALIDATION_FAILED details (and duplicate barcodes), keyed by the form's field name. */
export function fieldProblemsOf(error: unknown): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!error || typeof error !== 'object') return problems;
  const { code, details, message } = error as { code?: string; details?: unknown; message?: string };
  if (code === 'DUPLICATE_BARCODE') problems.barcode = message ?? '';
  if (Array.isArray(details)) {
    for (const entry of details as { field?: unknown; message?: unknown }[]) {
      if (typeof entry?.field === 'string') problems[entry.field.replace(/^body\./, '')] = String(entry.message ?? '');
    }
  }
  return problems;
}
