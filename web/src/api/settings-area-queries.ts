import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api-client.ts';
import type { Page } from './api-types.ts';
import type { AuditEvent } from './patron-account-queries.ts';

/** Every settings list is cached under this prefix, so a save can refresh all that depend on it. */
export const settingsAreaKey = ['settings-area'] as const;

/** A list the settings screens read: `{ items, total }` from the given API path. */
export function useSettingsList<T>(path: string, query?: Record<string, string | number>) {
  return useQuery({
    queryKey: [...settingsAreaKey, path, query ?? {}],
    queryFn: ({ signal }) => api.get<Page<T>>(path, query, signal),
  });
}

export function useSettingsRecord<T>(path: string | undefined) {
  return useQuery({
    queryKey: [...settingsAreaKey, path ?? ''],
    queryFn: ({ signal }) => api.get<T>(path ?? '', undefined, signal),
    enabled: Boolean(path),
  });
}

/** After any save: every settings answer may have changed (a rule's policy, a tester answer). */
export function useRefreshSettings() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: settingsAreaKey });
}

export interface Named {
  id: string;
  code: string;
  name: string;
}

export interface Vocabulary extends Named {
  description: string | null;
  active?: boolean;
}

export interface ServicePoint extends Named {
  discoveryName: string | null;
  isPickupPoint: boolean;
  holdShelfExpiryDays: number;
  timeZone: string;
  ownTimeZone: string | null;
  active: boolean;
  library: Named | null;
  locationIds: string[];
}

export interface Location extends Named {
  active: boolean;
  library: Named;
  campus: Named;
}

export interface WeeklyHours {
  id?: string;
  weekday: number;
  opensAt: string;
  closesAt: string;
  validFrom?: string | null;
  validTo?: string | null;
}

export interface CalendarException {
  id: string;
  name: string;
  kind: 'closed' | 'special-hours';
  startDate: string;
  endDate: string;
  opensAt: string | null;
  closesAt: string | null;
}

export interface ServicePointCalendar {
  servicePointId: string;
  timeZone: string;
  hours: WeeklyHours[];
  exceptions: CalendarException[];
}

export interface OpeningDay {
  date: string;
  weekday: number;
  open: boolean;
  periods: { localOpensAt: string; localClosesAt: string }[];
  exception: { name: string; kind: string } | null;
}

export type PolicyKind = 'loan-policy' | 'request-policy' | 'lost-item-policy' | 'notice-policy' | 'fixed-due-date-schedule';

/** Every kind the policy API stores, the overdue fine policies (their own screen) included. */
export type AnyPolicyKind = PolicyKind | 'overdue-fine-policy';

export interface StoredPolicy {
  id: string;
  code: string;
  name: string;
  description: string | null;
  settings: Record<string, unknown>;
  updatedAt: string;
  updatedBy: string | null;
}

export const ruleCriteria = ['patronGroup', 'materialType', 'loanType', 'location'] as const;
export const rulePolicies = ['loanPolicy', 'requestPolicy', 'overdueFinePolicy', 'lostItemPolicy', 'noticePolicy'] as const;
export type RuleCriterion = (typeof ruleCriteria)[number];
export type RulePolicy = (typeof rulePolicies)[number];

export interface CirculationRule {
  id: string;
  name: string;
  isFallback: boolean;
  criteria: Record<RuleCriterion | 'library' | 'campus', Named | null>;
  policies: Record<RulePolicy, Named>;
  updatedAt: string;
  updatedBy: string | null;
}

export interface RuleTestAnswer {
  rule: { id: string; name: string; isFallback: boolean };
  loanPolicy: Named;
  requestPolicy: Named;
  overdueFinePolicy: Named;
  lostItemPolicy: Named;
  noticePolicy: Named;
  explanation: string[];
  dueDatePreview: { servicePointId: string; loanedAt: string; dueAt: string | null; explanation: string[] } | null;
}

export interface PatronGroupLimits {
  patronGroupId: string;
  maxLoans: number | null;
  maxLoansPerMaterialType: Record<string, number>;
  maxOverdueItems: number | null;
  maxOverdueRecalls: number | null;
  maxLostItems: number | null;
  maxFeeBalanceCents: number | null;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface FeeType extends Named {
  kind: string;
  defaultAmountCents: number | null;
  active: boolean;
}

/** Whether a patron group's open fees go to the bursar, and how old they must be. */
export interface BursarRule {
  patronGroupId: string;
  patronGroupCode: string;
  minAgeDays: number;
  enabled: boolean;
}

export interface StaffAccount {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  active: boolean | number;
  lastSignInAt: string | null;
  lockedUntil: string | null;
  roleCode: string;
  roleName: string;
}

export interface StaffRole extends Named {
  builtIn: boolean;
  permissions: string[];
}

export interface PermissionName {
  name: string;
  description: string;
}

/** The rule tester: which rule and policies a loan would get, and its due date if made now. */
export function useRuleTest(question: Partial<Record<RuleCriterion, string>> & { servicePointId?: string }, enabled: boolean) {
  return useQuery({
    queryKey: [...settingsAreaKey, 'rule-test', question],
    queryFn: () => api.post<RuleTestAnswer>('/circulation-rules/test', question),
    enabled,
    retry: false,
    staleTime: 0,
  });
}

/** The newest audit event of a kind of setting, for "last changed by" where the record does not say. */
export function useLastChange(entityType: string, enabled: boolean) {
  return useQuery({
    queryKey: [...settingsAreaKey, 'last-change', entityType],
    queryFn: ({ signal }) => api.get<Page<AuditEvent>>('/audit-events', { entityType, limit: 1 }, signal),
    enabled,
  });
}

/** A transfer run on the saved rules without sending anything. */
export interface BursarDryRun {
  lines: unknown[];
  totalCents: number;
}

export function useBursarDryRun() {
  return useQuery({
    queryKey: [...settingsAreaKey, 'bursar-dry-run'],
    queryFn: () => api.post<BursarDryRun>('/bursar/batches', { dryRun: true }),
    retry: false,
    staleTime: 0,
  });
}
