import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { carrelApi, replyOf } from './api-client.ts';
import type { ReplyOf, Schemas } from './api-shapes.ts';
import type { Loan, Patron } from './queries.ts';

// The patron account and the item record: what they read from /api/v1 and what they change.

export type PatronBlock = Schemas['PatronBlock'];

export type PatronNote = Schemas['PatronNote'];

export type NoticeDelivery = Schemas['NoticeDelivery'];

export type AuditEvent = Schemas['AuditEvent'];

export type PatronGroup = Schemas['PatronGroup'];

/** A loan as the account lists it: the desk's Loan plus the patron (kept only on history the patron chose to keep). */
export type AccountLoan = Loan;

/** Why circulation will not do something; `overridable` refusals can be overridden with a reason. */
export type Refusal = Schemas['Refusal'];

export type BulkRenewalReply = ReplyOf<'/circulation/renew', 'post'>;

export type QueueRequest = Schemas['Request'];

interface StoredPolicy {
  id: string;
  code: string;
  name: string;
}

export type RuleTestAnswer = ReplyOf<'/circulation-rules/test', 'post'>;

export const patronKey = (patronId: string) => ['patron', patronId] as const;
export const patronLoansKey = (patronId: string) => ['patron-loans', patronId] as const;
/** The emails and letters sent to the patron; a receipt emailed from the desk or the fees panel is one of them. */
export const patronNoticesKey = (patronId: string) => ['patron-notices', patronId] as const;

export function usePatronLoans(patronId: string, status: 'open' | 'closed', enabled = true) {
  return useQuery({
    queryKey: [...patronLoansKey(patronId), status],
    queryFn: ({ signal }) => replyOf(carrelApi.GET('/circulation/loans', { params: { query: { patronId, status, limit: 200 } }, signal })),
    enabled,
    staleTime: 0,
  });
}

export function usePatronBlocks(patronId: string) {
  return useQuery({ queryKey: ['patron-blocks', patronId], queryFn: ({ signal }) => replyOf(carrelApi.GET('/patrons/{id}/blocks', { params: { path: { id: patronId } }, signal })) });
}

export function usePatronNotes(patronId: string) {
  return useQuery({ queryKey: ['patron-notes', patronId], queryFn: ({ signal }) => replyOf(carrelApi.GET('/patrons/{id}/notes', { params: { path: { id: patronId } }, signal })) });
}

export function usePatronNotices(patronId: string) {
  return useQuery({
    queryKey: patronNoticesKey(patronId),
    queryFn: ({ signal }) => replyOf(carrelApi.GET('/patrons/{id}/notices', { params: { path: { id: patronId }, query: { limit: 100 } }, signal })),
  });
}

export function useAuditTrail(entityType: string, entityId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['audit-trail', entityType, entityId],
    queryFn: ({ signal }) => replyOf(carrelApi.GET('/audit-events', { params: { query: { entityType, entityId, limit: 100 } }, signal })),
    enabled,
  });
}

export function usePatronGroups(enabled = true) {
  return useQuery({ queryKey: ['patron-groups'], queryFn: ({ signal }) => replyOf(carrelApi.GET('/patron-groups', { signal })), enabled, staleTime: 10 * 60_000 });
}

export function useItemLoans(itemId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['item-loans', itemId],
    queryFn: ({ signal }) => replyOf(carrelApi.GET('/circulation/loans', { params: { query: { itemId, limit: 50 } }, signal })),
    enabled,
    staleTime: 0,
  });
}

/** The title's requests in queue order; the item record keeps those this item could fill. */
export function useTitleRequests(instanceId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['title-requests', instanceId],
    queryFn: ({ signal }) => replyOf(carrelApi.GET('/requests', { params: { query: { instanceId, limit: 200 } }, signal })),
    enabled: enabled && Boolean(instanceId),
  });
}

export function useRuleTest(itemBarcode: string, patronGroupId: string) {
  return useQuery({
    queryKey: ['rule-test', itemBarcode, patronGroupId],
    queryFn: () => replyOf(carrelApi.POST('/circulation-rules/test', { body: { itemBarcode, patronGroup: patronGroupId } })),
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

export const updatePatron = (patronId: string, changes: PatronChanges) => replyOf(carrelApi.PATCH('/patrons/{id}', { params: { path: { id: patronId } }, body: changes }));
export const clearPinLock = (patronId: string) => replyOf(carrelApi.DELETE('/patrons/{id}/pin-lock', { params: { path: { id: patronId } }, body: {} }));
export const renewOneLoan = (loanId: string) => replyOf(carrelApi.POST('/circulation/loans/{id}/renew', { params: { path: { id: loanId } }, body: {} }));
export const renewLoans = (patronBarcode: string, loanIds?: string[]) => replyOf(carrelApi.POST('/circulation/renew', { body: { patronBarcode, loanIds } }));
export const changeDueDate = (loanId: string, dueAt: string, reason: string) => replyOf(carrelApi.PATCH('/circulation/loans/{id}/due-date', { params: { path: { id: loanId } }, body: { dueAt, reason } }));
export const declareLost = (loanId: string, reason: string) => replyOf(carrelApi.POST('/circulation/loans/{id}/declare-lost', { params: { path: { id: loanId } }, body: { reason: reason || undefined } }));
export type LostItemChargePreview = Extract<ReplyOf<'/circulation/loans/{id}/declare-lost', 'post'>, { charges: unknown }>;

/** What declaring the loan lost would charge, asked of the server without changing anything. */
export function useDeclareLostPreview(loanId: string) {
  return useQuery({
    queryKey: ['declare-lost-preview', loanId],
    queryFn: async (): Promise<LostItemChargePreview> => {
      const reply = await replyOf(carrelApi.POST('/circulation/loans/{id}/declare-lost', { params: { path: { id: loanId } }, body: { dryRun: true } }));
      if (!('charges' in reply)) throw new Error('Declaring the item lost answered without its charges.');
      return reply;
    },
    retry: false,
    staleTime: 0,
    gcTime: 0,
  });
}

export const claimReturned = (loanId: string, reason: string) => replyOf(carrelApi.POST('/circulation/loans/{id}/claim-returned', { params: { path: { id: loanId } }, body: { reason: reason || undefined } }));
export const addPatronBlock = (patronId: string, block: { reason: string; patronMessage?: string; blocksBorrowing: boolean; blocksRenewals: boolean; blocksRequests: boolean; expiresAt?: string | null }) =>
  replyOf(carrelApi.POST('/patrons/{id}/blocks', { params: { path: { id: patronId } }, body: block }));
export const removePatronBlock = (patronId: string, blockId: string, reason: string) => replyOf(carrelApi.DELETE('/patrons/{id}/blocks/{blockId}', { params: { path: { id: patronId, blockId } }, body: { reason } }));
export const addPatronNote = (patronId: string, note: { kind: 'staff' | 'pop-up'; text: string }) => replyOf(carrelApi.POST('/patrons/{id}/notes', { params: { path: { id: patronId } }, body: note }));
export const deletePatronNote = (patronId: string, noteId: string) => replyOf(carrelApi.DELETE('/patrons/{id}/notes/{noteId}', { params: { path: { id: patronId, noteId } }, body: {} }));

/** What a change to a patron's account can leave stale, each part a family of queries. */
const accountParts = {
  patron: (patronId: string) => ['patron', patronId],
  loans: (patronId: string) => patronLoansKey(patronId),
  deskLoans: (patronId: string) => ['patron-open-loans', patronId],
  fees: (patronId: string) => ['patron-fees', patronId],
  blocks: (patronId: string) => ['patron-blocks', patronId],
  notes: (patronId: string) => ['patron-notes', patronId],
} as const;
type AccountPart = keyof typeof accountParts;

/** A change to a patron's account as a mutation: when it succeeds, the parts of the account it touches are read again. */
function useAccountChange<Args extends unknown[], Reply>(patronId: string, parts: AccountPart[], change: (...args: Args) => Promise<Reply>): (...args: Args) => Promise<Reply> {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (args: Args) => change(...args),
    onSuccess: () => Promise.all(parts.map((part) => queryClient.invalidateQueries({ queryKey: accountParts[part](patronId) }))),
  });
  return (...args: Args) => mutation.mutateAsync(args);
}

/** Renewals move due dates (the desk's list too) and may settle or add overdue fees. */
export const useRenewLoans = (patronId: string) => useAccountChange(patronId, ['loans', 'deskLoans', 'fees'], renewLoans);
export const useRenewOneLoan = (patronId: string) => useAccountChange(patronId, ['loans', 'deskLoans', 'fees'], renewOneLoan);

/** A due date changed, an item declared lost or claimed returned: the loans, their fees and the account's summary change. */
const loanChangeParts: AccountPart[] = ['loans', 'deskLoans', 'fees', 'patron'];
export const useChangeDueDate = (patronId: string) => useAccountChange(patronId, loanChangeParts, changeDueDate);
export const useDeclareLost = (patronId: string) => useAccountChange(patronId, loanChangeParts, declareLost);
export const useClaimReturned = (patronId: string) => useAccountChange(patronId, loanChangeParts, claimReturned);

export const useAddPatronBlock = (patronId: string) => useAccountChange(patronId, ['blocks', 'patron'], addPatronBlock);
export const useRemovePatronBlock = (patronId: string) => useAccountChange(patronId, ['blocks', 'patron'], removePatronBlock);
export const useAddPatronNote = (patronId: string) => useAccountChange(patronId, ['notes', 'patron'], addPatronNote);
export const useDeletePatronNote = (patronId: string) => useAccountChange(patronId, ['notes', 'patron'], deletePatronNote);

/** Saving the patron's details: the reply is the patron as saved, so the account shows it without reading it again. */
export function useUpdatePatron(patronId: string): (changes: PatronChanges) => Promise<Patron> {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (changes: PatronChanges) => updatePatron(patronId, changes),
    onSuccess: (updated) => queryClient.setQueryData(['patron', patronId], updated),
  });
  return (changes) => mutation.mutateAsync(changes);
}

/** Lifting a PIN lock: the account shows it lifted at once, then reads the patron again. */
export function useClearPinLock(patron: Patron): () => Promise<void> {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => clearPinLock(patron.id),
    onSuccess: async () => {
      queryClient.setQueryData(['patron', patron.id], { ...patron, pinLockedUntil: null });
      await queryClient.invalidateQueries({ queryKey: ['patron', patron.id] });
    },
  });
  return async () => {
    await mutation.mutateAsync();
  };
}

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
