import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { carrelApi, replyOf } from './api-client.ts';
import type { Page, ReplyOf, Schemas } from './api-shapes.ts';

/** The settings of an overdue fine policy, as the policy API stores them. */
export interface FinePolicySettings {
  amountCents: number;
  interval: number;
  intervalUnit: 'hours' | 'days';
  chargeAt: 'start' | 'end';
  graceDays: number;
  graceHours: number;
  graceCountsOnceExceeded: boolean;
  maxFineCents: number;
  capAtReplacementCost: boolean;
  countClosedDays: boolean;
  recall: { amountCents: number; maxFineCents: number } | null;
  forgiveOnRenewal: boolean;
}

export type FinePolicy = Schemas['Policy'] & { settings: FinePolicySettings };

export interface FinePolicyInput {
  code: string;
  name: string;
  settings: FinePolicySettings;
}

export interface FinePreviewInput {
  policy: FinePolicySettings;
  dueAt: string;
  returnedAt: string;
  replacementCostCents?: number | null;
  servicePointId?: string;
}

export type FinePreview = ReplyOf<'/fine-policies/preview', 'post'>;

export const finePoliciesKey = ['settings', 'overdue-fine-policies'] as const;

export function useFinePolicies() {
  return useQuery({
    queryKey: finePoliciesKey,
    // The route declares `settings` as unknown (each kind has its own); these are a fine policy's.
    queryFn: ({ signal }) => replyOf(carrelApi.GET('/policies/{kind}', { params: { path: { kind: 'overdue-fine-policy' } }, signal })) as Promise<Page<FinePolicy>>,
  });
}

/** What the policy being edited would charge; nothing is saved. */
export function useFinePreview(input: FinePreviewInput | undefined) {
  return useQuery({
    queryKey: ['settings', 'fine-preview', input],
    queryFn: () => replyOf(carrelApi.POST('/fine-policies/preview', { body: input as FinePreviewInput })),
    enabled: input !== undefined,
    retry: false,
    staleTime: 0,
  });
}

/** Creates the policy when it has no id yet, else replaces its name, code and settings. */
export function saveFinePolicy(id: string | undefined, input: FinePolicyInput) {
  if (id) return replyOf(carrelApi.PATCH('/policies/{kind}/{id}', { params: { path: { kind: 'overdue-fine-policy', id } }, body: input })) as Promise<FinePolicy>;
  return replyOf(carrelApi.POST('/policies/{kind}', { params: { path: { kind: 'overdue-fine-policy' } }, body: input })) as Promise<FinePolicy>;
}

/** Saving a fine policy as a mutation: the list of policies is read again before the save counts as done. */
export function useSaveFinePolicy(): (id: string | undefined, input: FinePolicyInput) => Promise<FinePolicy> {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: ({ id, input }: { id: string | undefined; input: FinePolicyInput }) => saveFinePolicy(id, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: finePoliciesKey }),
  });
  return (id, input) => mutation.mutateAsync({ id, input });
}
