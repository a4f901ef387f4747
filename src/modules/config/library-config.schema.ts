import { z } from 'zod';
import { policyKinds, type PolicyKind } from '../policies/index.ts';

/**
 * The shape of a library configuration file (`carrel config apply library.yaml`). Everything is
 * keyed by code (circulation rules by name) and refers to other things by code, so one file can
 * be kept in version control and applied to a fresh institution. Policy settings are written
 * flat beside the policy's code and name, and checked with the circulation module's own schemas.
 */
export const weekdayCodes = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type WeekdayCode = (typeof weekdayCodes)[number];

const code = z.string().trim().min(1, 'a code cannot be empty');
const name = z.string().trim().min(1, 'a name cannot be empty');
const optionalText = z.string().nullable().default(null);
const limit = z.number().int().min(0).nullable().default(null);

const namedCode = z.strictObject({ code, name, description: optionalText });

export const campusEntrySchema = z.strictObject({ code, name });
export const libraryEntrySchema = z.strictObject({ code, name, campus: code });

export const servicePointEntrySchema = z.strictObject({
  code,
  name,
  library: code.nullable().default(null),
  discoveryName: optionalText,
  pickupPoint: z.boolean().default(false),
  holdShelfExpiryDays: z.number().int().min(0).default(7),
  // null: the institution's time zone
  timeZone: optionalText,
  active: z.boolean().default(true),
  // left out: the shelving locations it serves stay as they are
  locationsServed: z.array(code).optional(),
});

export const locationEntrySchema = z.strictObject({
  code,
  name,
  library: code,
  primaryServicePoint: code.nullable().default(null),
  active: z.boolean().default(true),
});

export const hoursEntrySchema = z.strictObject({
  days: z.array(z.enum(weekdayCodes)).min(1),
  opens: z.string(),
  closes: z.string(),
  validFrom: optionalText,
  validTo: optionalText,
});

// No opening and closing time: closed all day. With them: special hours.
export const exceptionEntrySchema = z.strictObject({
  name: z.string(),
  from: z.string(),
  to: z.string(),
  opens: optionalText,
  closes: optionalText,
});

export const calendarEntrySchema = z.strictObject({
  servicePoint: code,
  hours: z.array(hoursEntrySchema).default([]),
  exceptions: z.array(exceptionEntrySchema).default([]),
});

/** A policy entry before its settings are checked: code, name, description and the settings beside them. */
const policyEntrySchema = z.looseObject({ code, name, description: optionalText });

export const ruleEntrySchema = z.strictObject({
  name,
  fallback: z.boolean().default(false),
  patronGroup: code.nullable().default(null),
  materialType: code.nullable().default(null),
  loanType: code.nullable().default(null),
  location: code.nullable().default(null),
  library: code.nullable().default(null),
  campus: code.nullable().default(null),
  // left out: the fallback rule's policy
  loanPolicy: code.optional(),
  requestPolicy: code.optional(),
  overdueFinePolicy: code.optional(),
  lostItemPolicy: code.optional(),
  noticePolicy: code.optional(),
});

export const patronGroupLimitEntrySchema = z.strictObject({
  patronGroup: code,
  maxLoans: limit,
  maxLoansPerMaterialType: z.record(code, z.number().int().min(0)).default({}),
  maxOverdueItems: limit,
  maxOverdueRecalls: limit,
  maxLostItems: limit,
  maxFeeBalanceCents: limit,
});

/** The file's sections in the order they are written and applied; policy sections map to policy kinds. */
export const policySections = {
  fixedDueDateSchedules: 'fixed-due-date-schedule',
  loanPolicies: 'loan-policy',
  requestPolicies: 'request-policy',
  overdueFinePolicies: 'overdue-fine-policy',
  lostItemPolicies: 'lost-item-policy',
  noticePolicies: 'notice-policy',
} as const satisfies Record<string, PolicyKind>;
export type PolicySection = keyof typeof policySections;
export const policySectionNames = Object.keys(policySections) as PolicySection[];

const fileShapeSchema = z.strictObject({
  version: z.literal(1).default(1),
  campuses: z.array(campusEntrySchema).optional(),
  libraries: z.array(libraryEntrySchema).optional(),
  patronGroups: z.array(namedCode).optional(),
  materialTypes: z.array(namedCode).optional(),
  loanTypes: z.array(namedCode).optional(),
  servicePoints: z.array(servicePointEntrySchema).optional(),
  locations: z.array(locationEntrySchema).optional(),
  calendars: z.array(calendarEntrySchema).optional(),
  fixedDueDateSchedules: z.array(policyEntrySchema).optional(),
  loanPolicies: z.array(policyEntrySchema).optional(),
  requestPolicies: z.array(policyEntrySchema).optional(),
  overdueFinePolicies: z.array(policyEntrySchema).optional(),
  lostItemPolicies: z.array(policyEntrySchema).optional(),
  noticePolicies: z.array(policyEntrySchema).optional(),
  circulationRules: z.array(ruleEntrySchema).optional(),
  patronGroupLimits: z.array(patronGroupLimitEntrySchema).optional(),
});

export interface PolicyEntry {
  code: string;
  name: string;
  description: string | null;
  /** parsed by the policy kind's settings schema, defaults filled in */
  settings: Record<string, unknown>;
}

type FileShape = z.infer<typeof fileShapeSchema>;
export type ReferenceEntry = z.infer<typeof namedCode>;
export type CampusEntry = z.infer<typeof campusEntrySchema>;
export type LibraryEntry = z.infer<typeof libraryEntrySchema>;
export type ServicePointEntry = z.infer<typeof servicePointEntrySchema>;
export type LocationEntry = z.infer<typeof locationEntrySchema>;
export type HoursEntry = z.infer<typeof hoursEntrySchema>;
export type ExceptionEntry = z.infer<typeof exceptionEntrySchema>;
export type CalendarEntry = z.infer<typeof calendarEntrySchema>;
export type RuleEntry = z.infer<typeof ruleEntrySchema>;
export type PatronGroupLimitEntry = z.infer<typeof patronGroupLimitEntrySchema>;

export type LibraryConfig = Omit<FileShape, PolicySection> & { [Section in PolicySection]?: PolicyEntry[] };

export type ConfigPath = (string | number)[];
export interface ConfigProblem {
  path: ConfigPath;
  message: string;
}

function issueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'required';
  return undefined;
}

/** An unknown field is reported at its own line. */
function problemsOfIssue(issue: z.core.$ZodIssue): ConfigProblem[] {
  const path = issue.path as ConfigPath;
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...path, key], message: 'unknown field' }));
  return [{ path, message: issue.message }];
}

/** Keys written in the file that the settings schema does not know (zod drops them silently). */
function unknownSettings(input: unknown, parsed: unknown, path: ConfigPath): ConfigProblem[] {
  if (Array.isArray(input) && Array.isArray(parsed)) return input.flatMap((value, index) => unknownSettings(value, parsed[index], [...path, index]));
  if (!input || typeof input !== 'object' || !parsed || typeof parsed !== 'object' || Array.isArray(input)) return [];
  return Object.entries(input).flatMap(([key, value]) =>
    key in parsed ? unknownSettings(value, (parsed as Record<string, unknown>)[key], [...path, key]) : [{ path: [...path, key], message: 'unknown setting' }],
  );
}

/** Check the file's shape and every policy's settings; the result is usable only when there are no problems. */
export function checkLibraryConfigShape(value: unknown): { config: LibraryConfig | null; problems: ConfigProblem[] } {
  const shape = fileShapeSchema.safeParse(value ?? {}, { error: issueMessage });
  if (!shape.success) return { config: null, problems: shape.error.issues.flatMap(problemsOfIssue) };
  const problems: ConfigProblem[] = [];
  const config: LibraryConfig = { ...shape.data } as LibraryConfig;
  for (const section of policySectionNames) {
    const entries = shape.data[section];
    if (!entries) continue;
    const schema = policyKinds[policySections[section]].settings;
    config[section] = entries.map((entry, index) => {
      const { code: entryCode, name: entryName, description, ...written } = entry;
      const settings = schema.safeParse(written, { error: issueMessage });
      if (!settings.success) {
        problems.push(...settings.error.issues.flatMap(problemsOfIssue).map((problem) => ({ ...problem, path: [section, index, ...problem.path] })));
        return { code: entryCode, name: entryName, description, settings: {} };
      }
      problems.push(...unknownSettings(written, settings.data, [section, index]));
      return { code: entryCode, name: entryName, description, settings: settings.data as Record<string, unknown> };
    });
  }
  return { config: problems.length === 0 ? config : null, problems };
}
