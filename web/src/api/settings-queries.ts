import { useQuery } from '@tanstack/react-query';
import { api } from './api-client.ts';
import type { Page } from './api-types.ts';

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

export interface FinePolicy {
  id: string;
  code: string;
  name: string;
  description: string | null;
  settings: FinePolicySettings;
  updatedAt: string;
  updatedBy: string | null;
}

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

export interface FinePreview {
  fineCents: number;
  explanation: string[];
}

export const finePoliciesKey = ['settings', 'overdue-fine-policies'] as const;

export function useFinePolicies() {
  return useQuery({
    queryKey: finePoliciesKey,
    queryFn: ({ signal }) => api.get<Page<FinePolicy>>('/policies/overdue-fine-policy', undefined, signal),
  });
}

/** What the policy being edited would charge; nothing is saved. */
export function useFinePreview(input: FinePreviewInput | undefined) {
  return useQuery({
    queryKey: ['settings', 'fine-preview', input],
    queryFn: () => api.post<FinePreview>('/fine-policies/preview', input),
    enabled: input !== undefined,
    retry: false,
    staleTime: 0,
  });
}

/** Creates the policy when it has no id yet, else replaces its name, code and settings. */
export function saveFinePolicy(id: string | undefined, input: FinePolicyInput) {
  if (id) return api.patch<FinePolicy>(`/policies/overdue-fine-policy/${encodeURIComponent(id)}`, input);
  return api.post<FinePolicy>('/policies/overdue-fine-policy', input);
}
