import { useQuery, useQueryClient } from '@tanstack/react-query';
import { carrelApi, replyOf } from './api-client.ts';
import type { BodyOf, Page, ReplyOf, Schemas } from './api-shapes.ts';
import type { paths } from './carrel-api.ts';
import type { AuditEvent } from './patron-account-queries.ts';

/** Every settings list is cached under this prefix, so a save can refresh all that depend on it. */
export const settingsAreaKey = ['settings-area'] as const;

/** The lists a settings screen reads: a GET path without path parameters, or one kind of policy. */
type PlainGetPath = { [P in keyof paths]: paths[P] extends { get: { parameters: { path?: never } } } ? P : never }[keyof paths];
export type SettingsListPath = PlainGetPath | `/policies/${AnyPolicyKind}`;

// One call for any list path: openapi-fetch types a call by its literal path, and these are many.
const getList = carrelApi.GET as unknown as (path: string, init: { params?: { query?: Record<string, string | number> }; signal?: AbortSignal }) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** A list the settings screens read: `{ items, total }` from the given API path. */
export function useSettingsList<T>(path: SettingsListPath, query?: Record<string, string | number>) {
  return useQuery({
    queryKey: [...settingsAreaKey, path, query ?? {}],
    queryFn: ({ signal }) => replyOf(getList(path, { params: { query }, signal })) as Promise<Page<T>>,
  });
}

/** A service point's weekly hours and exceptions. */
export function useServicePointCalendar(servicePointId: string | undefined) {
  return useQuery({
    queryKey: [...settingsAreaKey, 'calendar', servicePointId ?? ''],
    queryFn: ({ signal }) => replyOf(carrelApi.GET('/service-points/{id}/calendar', { params: { path: { id: servicePointId ?? '' } }, signal })),
    enabled: Boolean(servicePointId),
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

export type Vocabulary = Schemas['PatronGroup'] | Schemas['MaterialType'] | Schemas['LoanType'];

export type ServicePoint = Schemas['ServicePoint'];

export type Location = Schemas['Location'];

export type WeeklyHours = Schemas['CalendarWeeklyHours'];

export type CalendarException = Schemas['CalendarException'];

export type ServicePointCalendar = ReplyOf<'/service-points/{id}/calendar', 'get'>;

export type OpeningDay = ReplyOf<'/service-points/{id}/calendar/days', 'get'>['days'][number];

export type PolicyKind = 'loan-policy' | 'request-policy' | 'lost-item-policy' | 'notice-policy' | 'fixed-due-date-schedule';

/** Every kind the policy API stores, the overdue fine policies (their own screen) included. */
export type AnyPolicyKind = PolicyKind | 'overdue-fine-policy';

/** A stored policy; its settings are the shape of its kind (settings/policy-shapes.ts). */
export type StoredPolicy = Schemas['Policy'] & { settings: Record<string, unknown> };

export const ruleCriteria = ['patronGroup', 'materialType', 'loanType', 'location'] as const;
export const rulePolicies = ['loanPolicy', 'requestPolicy', 'overdueFinePolicy', 'lostItemPolicy', 'noticePolicy'] as const;
export type RuleCriterion = (typeof ruleCriteria)[number];
export type RulePolicy = (typeof rulePolicies)[number];

export type CirculationRule = Schemas['CirculationRule'];

export type RuleTestAnswer = ReplyOf<'/circulation-rules/test', 'post'>;

export type PatronGroupLimits = Schemas['PatronGroupLimits'];

export type FeeType = Schemas['FeeType'];

/** Whether a patron group's open fees go to the bursar, and how old they must be. */
export type BursarRule = Schemas['BursarRule'];

export type StaffAccount = Schemas['StaffAccount'];

export type StaffRole = Schemas['StaffRole'];

export type PermissionName = ReplyOf<'/permissions', 'get'>['items'][number];

/** The rule tester: which rule and policies a loan would get, and its due date if made now. */
export function useRuleTest(question: Partial<Record<RuleCriterion, string>> & { servicePointId?: string }, enabled: boolean) {
  return useQuery({
    queryKey: [...settingsAreaKey, 'rule-test', question],
    queryFn: () => replyOf(carrelApi.POST('/circulation-rules/test', { body: question })),
    enabled,
    retry: false,
    staleTime: 0,
  });
}

/** The newest audit event of a kind of setting, for "last changed by" where the record does not say. */
export function useLastChange(entityType: string, enabled: boolean) {
  return useQuery({
    queryKey: [...settingsAreaKey, 'last-change', entityType],
    queryFn: ({ signal }) => replyOf(carrelApi.GET('/audit-events', { params: { query: { entityType, limit: 1 } }, signal })),
    enabled,
  });
}

/** A transfer run on the saved rules without sending anything. */
export type BursarDryRun = ReplyOf<'/bursar/batches', 'post'>;

export function useBursarDryRun() {
  return useQuery({
    queryKey: [...settingsAreaKey, 'bursar-dry-run'],
    queryFn: () => replyOf(carrelApi.POST('/bursar/batches', { body: { dryRun: true } })),
    retry: false,
    staleTime: 0,
  });
}

export type VocabularyPath = '/patron-groups' | '/material-types' | '/loan-types';

export interface VocabularyInput {
  name: string;
  code: string;
  description: string | null;
}

/** Adds a patron group, material type or loan type, or changes the one with this id. */
export function saveVocabulary(path: VocabularyPath, id: string | undefined, body: VocabularyInput): Promise<Vocabulary> {
  const params = { path: { id: id ?? '' } };
  switch (path) {
    case '/patron-groups':
      return replyOf<Vocabulary>(id ? carrelApi.PATCH('/patron-groups/{id}', { params, body }) : carrelApi.POST('/patron-groups', { body }));
    case '/material-types':
      return replyOf<Vocabulary>(id ? carrelApi.PATCH('/material-types/{id}', { params, body }) : carrelApi.POST('/material-types', { body }));
    case '/loan-types':
      return replyOf<Vocabulary>(id ? carrelApi.PATCH('/loan-types/{id}', { params, body }) : carrelApi.POST('/loan-types', { body }));
  }
}

export const deletePolicy = (kind: AnyPolicyKind, id: string) => replyOf(carrelApi.DELETE('/policies/{kind}/{id}', { params: { path: { kind, id } }, body: {} }));
export const deleteCirculationRule = (id: string) => replyOf(carrelApi.DELETE('/circulation-rules/{id}', { params: { path: { id } }, body: {} }));

// The settings screens' saves: each a typed call of its route. useSave (settings-save.tsx) runs them as a mutation.

export const saveGroupLimits = (patronGroupId: string, body: BodyOf<'/patron-group-limits/{patronGroupId}', 'put'>) =>
  replyOf(carrelApi.PUT('/patron-group-limits/{patronGroupId}', { params: { path: { patronGroupId } }, body }));

export const saveBursarRules = (body: BodyOf<'/bursar/rules', 'put'>) => replyOf(carrelApi.PUT('/bursar/rules', { body }));

export const addCalendarException = (servicePointId: string, body: BodyOf<'/service-points/{id}/calendar/exceptions', 'post'>) =>
  replyOf(carrelApi.POST('/service-points/{id}/calendar/exceptions', { params: { path: { id: servicePointId } }, body }));

export const removeCalendarException = (servicePointId: string, exceptionId: string) =>
  replyOf(carrelApi.DELETE('/service-points/{id}/calendar/exceptions/{exceptionId}', { params: { path: { id: servicePointId, exceptionId } }, body: {} }));

export const saveWeeklyHours = (servicePointId: string, body: BodyOf<'/service-points/{id}/calendar/hours', 'put'>) =>
  replyOf(carrelApi.PUT('/service-points/{id}/calendar/hours', { params: { path: { id: servicePointId } }, body }));

export function saveCirculationRule(id: string | undefined, body: BodyOf<'/circulation-rules', 'post'>) {
  return replyOf<CirculationRule>(id ? carrelApi.PATCH('/circulation-rules/{id}', { params: { path: { id } }, body }) : carrelApi.POST('/circulation-rules', { body }));
}

export function setActive(list: '/fee-types' | '/waiver-reasons', id: string, active: boolean) {
  const params = { path: { id } };
  return replyOf(list === '/fee-types' ? carrelApi.PATCH('/fee-types/{id}', { params, body: { active } }) : carrelApi.PATCH('/waiver-reasons/{id}', { params, body: { active } }));
}

export const addFeeType = (body: BodyOf<'/fee-types', 'post'>) => replyOf(carrelApi.POST('/fee-types', { body }));
export const addWaiverReason = (body: BodyOf<'/waiver-reasons', 'post'>) => replyOf(carrelApi.POST('/waiver-reasons', { body }));

export function savePolicy(kind: AnyPolicyKind, id: string | undefined, body: BodyOf<'/policies/{kind}', 'post'>) {
  const saved = replyOf(id ? carrelApi.PATCH('/policies/{kind}/{id}', { params: { path: { kind, id } }, body }) : carrelApi.POST('/policies/{kind}', { params: { path: { kind } }, body }));
  return saved as Promise<StoredPolicy>;
}

/** Adds a role (its id comes back) or changes the one with this id. */
export async function saveRole(id: string | undefined, role: { code: string; name: string; permissions: string[] }): Promise<{ id: string }> {
  if (!id) return replyOf(carrelApi.POST('/roles', { body: role }));
  await replyOf(carrelApi.PATCH('/roles/{id}', { params: { path: { id } }, body: { name: role.name, permissions: role.permissions } }));
  return { id };
}

export function saveServicePoint(id: string | undefined, body: BodyOf<'/service-points', 'post'>) {
  return replyOf<ServicePoint>(id ? carrelApi.PATCH('/service-points/{id}', { params: { path: { id } }, body }) : carrelApi.POST('/service-points', { body }));
}

export const changeStaffAccount = (id: string, body: BodyOf<'/staff/{id}', 'patch'>) => replyOf(carrelApi.PATCH('/staff/{id}', { params: { path: { id } }, body }));
export const addStaffAccount = (body: BodyOf<'/staff', 'post'>) => replyOf(carrelApi.POST('/staff', { body }));

export const saveNoticeTemplate = (kind: NoticeTemplateKind, language: string, body: BodyOf<'/notice-templates/{kind}/{language}', 'put'>) =>
  replyOf(carrelApi.PUT('/notice-templates/{kind}/{language}', { params: { path: { kind, language } }, body }));

export type NoticeTemplateKind = paths['/notice-templates/{kind}/{language}']['put']['parameters']['path']['kind'];

export type NoticePreview = ReplyOf<'/notice-templates/preview', 'post'>;

export const previewNoticeTemplate = (body: BodyOf<'/notice-templates/preview', 'post'>) => replyOf(carrelApi.POST('/notice-templates/preview', { body }));

export type DueDatePreview = Schemas['DueDatePreview'];

export const previewDueDate = (body: BodyOf<'/loan-policies/preview', 'post'>) => replyOf(carrelApi.POST('/loan-policies/preview', { body }));

export const calendarDays = (servicePointId: string, from: string, to: string, signal?: AbortSignal) =>
  replyOf(carrelApi.GET('/service-points/{id}/calendar/days', { params: { path: { id: servicePointId }, query: { from, to } }, signal }));
