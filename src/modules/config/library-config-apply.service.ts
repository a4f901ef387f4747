import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { forgetCirculationRules } from '../circulation/index.ts';
import { forgetCalendars } from '../org/index.ts';
import { problemsWithLibraryConfig } from './library-config-check.policy.ts';
import { parseLibraryConfig, type LocatedProblem } from './library-config.parse.ts';
import { currentRuleFor, planLibraryConfig, type ConfigPlan, type SectionChange, type SectionName } from './library-config.policy.ts';
import { readLibraryConfig } from './library-config.queries.ts';
import { policySections, type LibraryConfig } from './library-config.schema.ts';
import {
  writeCalendar, writeCampus, writeLibrary, writeLocation, writeLocationsServed, writePatronGroupLimits, writePolicy, writeReferenceType, writeRule,
  writeServicePoint, type ConfigWriteContext,
} from './library-config-write.queries.ts';

export interface LibraryConfigSource {
  /** shown in problems: "library.yaml:42:7 …" */
  fileName: string;
  text: string;
  dryRun?: boolean;
}

export interface LibraryConfigReport {
  fileName: string;
  sha256: string;
  /** true when the changes were written (never for a dry run or a file with problems) */
  applied: boolean;
  dryRun: boolean;
  problems: LocatedProblem[];
  /** per section present in the file: what was (or, for a dry run, would be) created and updated */
  changes: SectionChange[];
}

/**
 * Apply a library configuration file: the whole file is checked first, against itself and the
 * institution, and every problem reported with its line; only a clean file changes anything, all in
 * one transaction with one 'config.apply' audit event. Things the file leaves out are left alone.
 */
export async function applyLibraryConfig(db: Kysely<Database>, clock: Clock, actor: Actor, source: LibraryConfigSource): Promise<LibraryConfigReport> {
  const report = await db.transaction().execute((trx) => applyLibraryConfigWithin(trx, clock, actor, source));
  // Desk transactions read rules, policies and calendars through caches: drop them once the change is committed.
  if (report.applied) {
    forgetCirculationRules(actor.institutionId);
    forgetCalendars(actor.institutionId);
  }
  return report;
}

/** The same, inside a transaction the caller holds (the demo seed applies its file while it creates the college). */
export async function applyLibraryConfigWithin(trx: Kysely<Database>, clock: Clock, actor: Actor, source: LibraryConfigSource): Promise<LibraryConfigReport> {
  const dryRun = Boolean(source.dryRun);
  const sha256 = createHash('sha256').update(source.text).digest('hex');
  const report = (fields: Partial<LibraryConfigReport>): LibraryConfigReport => ({ fileName: source.fileName, sha256, applied: false, dryRun, problems: [], changes: [], ...fields });
  const parsed = parseLibraryConfig(source.text);
  if (!parsed.config) return report({ problems: parsed.problems });
  const current = await readLibraryConfig(trx, actor.institutionId);
  const problems = problemsWithLibraryConfig(parsed.config, current).map(parsed.locate);
  if (problems.length > 0) return report({ problems: problems.sort((a, b) => a.line - b.line || a.column - b.column) });
  const plan = planLibraryConfig(parsed.config, current);
  if (dryRun) return report({ changes: plan.changes });

  const context: ConfigWriteContext = { trx, institutionId: actor.institutionId, ids: current.ids, stamp: clock.now().toISOString(), actorName: actor.name };
  await writePlan(context, plan, (rule) => {
    const target = currentRuleFor(rule, current);
    return target ? (current.ids.rules.get(target.name)?.id ?? null) : null;
  });
  await recordAuditEvent(trx, actor, clock.now(), {
    action: 'config.apply',
    entityType: 'institution',
    entityId: actor.institutionId,
    after: {
      file: source.fileName,
      sha256,
      fallbackRenamedFrom: plan.fallbackRenamedFrom,
      sections: Object.fromEntries(
        plan.changes.map((change) => [change.section, { created: change.created.length, updated: change.updated.length, createdKeys: change.created, updatedKeys: change.updated.map((update) => update.key) }]),
      ),
    },
  });
  return report({ applied: true, changes: plan.changes });
}

/** Only what is new or different is written, in an order where every code is there before it is used. */
async function writePlan(context: ConfigWriteContext, plan: ConfigPlan, ruleIdOf: (rule: NonNullable<LibraryConfig['circulationRules']>[number]) => string | null): Promise<void> {
  const { config } = plan;
  const changed = new Map<SectionName, Set<string>>(plan.changes.map((change) => [change.section, new Set([...change.created, ...change.updated.map((update) => update.key)])]));
  const pick = <Entry>(section: SectionName, entries: Entry[] | undefined, key: (entry: Entry) => string): Entry[] =>
    (entries ?? []).filter((entry) => changed.get(section)?.has(key(entry)));
  const byCode = (entry: { code: string }) => entry.code;

  for (const entry of pick('campuses', config.campuses, byCode)) await writeCampus(context, entry);
  for (const entry of pick('libraries', config.libraries, byCode)) await writeLibrary(context, entry);
  for (const entry of pick('patronGroups', config.patronGroups, byCode)) await writeReferenceType(context, 'patron_group', entry);
  for (const entry of pick('materialTypes', config.materialTypes, byCode)) await writeReferenceType(context, 'material_type', entry);
  for (const entry of pick('loanTypes', config.loanTypes, byCode)) await writeReferenceType(context, 'loan_type', entry);
  const servicePoints = pick('servicePoints', config.servicePoints, byCode);
  for (const entry of servicePoints) await writeServicePoint(context, entry);
  for (const entry of pick('locations', config.locations, byCode)) await writeLocation(context, entry);
  for (const entry of servicePoints) await writeLocationsServed(context, entry);
  for (const entry of pick('calendars', config.calendars, (calendar) => calendar.servicePoint)) await writeCalendar(context, entry);
  for (const [section, kind] of Object.entries(policySections) as [keyof typeof policySections, (typeof policySections)[keyof typeof policySections]][]) {
    for (const entry of pick(section, config[section], byCode)) await writePolicy(context, kind, entry);
  }
  // The fallback first: renaming it may free the name of a new rule in the same file.
  const rules = pick('circulationRules', config.circulationRules, (rule) => rule.name).sort((a, b) => Number(b.fallback) - Number(a.fallback));
  for (const rule of rules) await writeRule(context, rule, ruleIdOf(rule));
  for (const entry of pick('patronGroupLimits', config.patronGroupLimits, (limits) => limits.patronGroup)) await writePatronGroupLimits(context, entry);
}
