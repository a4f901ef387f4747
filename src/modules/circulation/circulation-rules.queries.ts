import type { Kysely, Selectable } from 'kysely';
import type { CirculationRuleTable, Database } from '../../db/schema.ts';
import { DomainError } from '../../platform/errors.ts';
import type { LoanFactLabels, LoanFacts, MatchableRule } from './rule-match.policy.ts';

/** The loan's facts with the location's library and campus, and what to call each in explanations. */
export async function loanFactsOf(
  db: Kysely<Database>,
  institutionId: string,
  criteria: { patronGroupId: string; materialTypeId: string; loanTypeId: string; locationId: string },
): Promise<{ facts: LoanFacts; labels: LoanFactLabels }> {
  const row = await db
    .selectFrom('location')
    .innerJoin('library', 'library.id', 'location.library_id')
    .innerJoin('campus', 'campus.id', 'library.campus_id')
    .select(['location.name as locationName', 'library.id as libraryId', 'library.name as libraryName', 'campus.id as campusId', 'campus.name as campusName'])
    .select((eb) => [
      eb.selectFrom('patron_group').select('name').where('id', '=', criteria.patronGroupId).where('institution_id', '=', institutionId).as('patronGroupName'),
      eb.selectFrom('material_type').select('name').where('id', '=', criteria.materialTypeId).where('institution_id', '=', institutionId).as('materialTypeName'),
      eb.selectFrom('loan_type').select('name').where('id', '=', criteria.loanTypeId).where('institution_id', '=', institutionId).as('loanTypeName'),
    ])
    .where('location.id', '=', criteria.locationId)
    .where('location.institution_id', '=', institutionId)
    .executeTakeFirst();
  if (!row) throw new DomainError('LOCATION_NOT_FOUND', 'There is no such shelving location.', { locationId: criteria.locationId });
  if (row.patronGroupName == null) throw new DomainError('PATRON_GROUP_NOT_FOUND', 'There is no such patron group.', { patronGroupId: criteria.patronGroupId });
  if (row.materialTypeName == null) throw new DomainError('VALIDATION_FAILED', 'There is no such material type.', { field: 'materialTypeId', materialTypeId: criteria.materialTypeId });
  if (row.loanTypeName == null) throw new DomainError('VALIDATION_FAILED', 'There is no such loan type.', { field: 'loanTypeId', loanTypeId: criteria.loanTypeId });
  return {
    facts: { ...criteria, libraryId: row.libraryId, campusId: row.campusId },
    labels: {
      patronGroup: row.patronGroupName,
      materialType: row.materialTypeName,
      loanType: row.loanTypeName,
      location: row.locationName,
      library: row.libraryName,
      campus: row.campusName,
    },
  };
}

export interface PolicyColumns {
  id: string;
  code: string;
  name: string;
  settings: string;
}

export interface RuleWithPolicies extends MatchableRule {
  loanPolicy: PolicyColumns;
  requestPolicy: PolicyColumns;
  overdueFinePolicy: PolicyColumns;
  lostItemPolicy: PolicyColumns;
  noticePolicy: PolicyColumns;
}

/** Rules (as `r`) joined to their five policies: lp, rp, fp, xp (lost item) and np. */
function rulesJoinedToPolicies(db: Kysely<Database>) {
  return db
    .selectFrom('circulation_rule as r')
    .innerJoin('loan_policy as lp', 'lp.id', 'r.loan_policy_id')
    .innerJoin('request_policy as rp', 'rp.id', 'r.request_policy_id')
    .innerJoin('overdue_fine_policy as fp', 'fp.id', 'r.overdue_fine_policy_id')
    .innerJoin('lost_item_policy as xp', 'xp.id', 'r.lost_item_policy_id')
    .innerJoin('notice_policy as np', 'np.id', 'r.notice_policy_id');
}

type RuleColumns = Pick<Selectable<CirculationRuleTable>, 'id' | 'name' | 'is_fallback' | 'patron_group_id' | 'material_type_id' | 'loan_type_id' | 'location_id' | 'library_id' | 'campus_id'>;

/** A rule row in the terms rule matching uses. */
function matchableOf(row: RuleColumns): MatchableRule {
  return {
    id: row.id,
    name: row.name,
    isFallback: Boolean(row.is_fallback),
    patronGroupId: row.patron_group_id,
    materialTypeId: row.material_type_id,
    loanTypeId: row.loan_type_id,
    locationId: row.location_id,
    libraryId: row.library_id,
    campusId: row.campus_id,
  };
}

/** Every rule of the institution with its five policies, in one query (rules are few; loans are many). */
export async function rulesWithPolicies(db: Kysely<Database>, institutionId: string): Promise<RuleWithPolicies[]> {
  const rows = await rulesJoinedToPolicies(db)
    .select([
      'r.id', 'r.name', 'r.is_fallback', 'r.patron_group_id', 'r.material_type_id', 'r.loan_type_id', 'r.location_id', 'r.library_id', 'r.campus_id',
      'lp.id as lp_id', 'lp.code as lp_code', 'lp.name as lp_name', 'lp.settings as lp_settings',
      'rp.id as rp_id', 'rp.code as rp_code', 'rp.name as rp_name', 'rp.settings as rp_settings',
      'fp.id as fp_id', 'fp.code as fp_code', 'fp.name as fp_name', 'fp.settings as fp_settings',
      'xp.id as xp_id', 'xp.code as xp_code', 'xp.name as xp_name', 'xp.settings as xp_settings',
      'np.id as np_id', 'np.code as np_code', 'np.name as np_name', 'np.settings as np_settings',
    ])
    .where('r.institution_id', '=', institutionId)
    .execute();
  return rows.map((row) => ({
    ...matchableOf(row),
    loanPolicy: { id: row.lp_id, code: row.lp_code, name: row.lp_name, settings: row.lp_settings },
    requestPolicy: { id: row.rp_id, code: row.rp_code, name: row.rp_name, settings: row.rp_settings },
    overdueFinePolicy: { id: row.fp_id, code: row.fp_code, name: row.fp_name, settings: row.fp_settings },
    lostItemPolicy: { id: row.xp_id, code: row.xp_code, name: row.xp_name, settings: row.xp_settings },
    noticePolicy: { id: row.np_id, code: row.np_code, name: row.np_name, settings: row.np_settings },
  }));
}

interface Named {
  id: string;
  code: string;
  name: string;
}

export interface RuleView extends MatchableRule {
  criteria: { patronGroup: Named | null; materialType: Named | null; loanType: Named | null; location: Named | null; library: Named | null; campus: Named | null };
  policies: { loanPolicy: Named; requestPolicy: Named; overdueFinePolicy: Named; lostItemPolicy: Named; noticePolicy: Named };
  updatedAt: string;
  updatedBy: string | null;
}

/** Rules as staff read them: every criterion and policy with its code and name. */
export async function ruleViews(db: Kysely<Database>, institutionId: string, ruleId?: string): Promise<RuleView[]> {
  let query = rulesJoinedToPolicies(db)
    .leftJoin('patron_group as pg', 'pg.id', 'r.patron_group_id')
    .leftJoin('material_type as mt', 'mt.id', 'r.material_type_id')
    .leftJoin('loan_type as lt', 'lt.id', 'r.loan_type_id')
    .leftJoin('location as loc', 'loc.id', 'r.location_id')
    .leftJoin('library as lib', 'lib.id', 'r.library_id')
    .leftJoin('campus as cam', 'cam.id', 'r.campus_id')
    .select([
      'r.id', 'r.name', 'r.is_fallback', 'r.patron_group_id', 'r.material_type_id', 'r.loan_type_id', 'r.location_id', 'r.library_id', 'r.campus_id',
      'r.updated_at', 'r.updated_by',
      'pg.code as pg_code', 'pg.name as pg_name', 'mt.code as mt_code', 'mt.name as mt_name', 'lt.code as lt_code', 'lt.name as lt_name',
      'loc.code as loc_code', 'loc.name as loc_name', 'lib.code as lib_code', 'lib.name as lib_name', 'cam.code as cam_code', 'cam.name as cam_name',
      'lp.id as lp_id', 'lp.code as lp_code', 'lp.name as lp_name', 'rp.id as rp_id', 'rp.code as rp_code', 'rp.name as rp_name',
      'fp.id as fp_id', 'fp.code as fp_code', 'fp.name as fp_name', 'xp.id as xp_id', 'xp.code as xp_code', 'xp.name as xp_name',
      'np.id as np_id', 'np.code as np_code', 'np.name as np_name',
    ])
    .where('r.institution_id', '=', institutionId);
  if (ruleId) query = query.where('r.id', '=', ruleId);
  const rows = await query.execute();
  const named = (id: string | null, code: string | null, name: string | null): Named | null => (id && code && name ? { id, code, name } : null);
  return rows.map((row) => ({
    ...matchableOf(row),
    criteria: {
      patronGroup: named(row.patron_group_id, row.pg_code, row.pg_name),
      materialType: named(row.material_type_id, row.mt_code, row.mt_name),
      loanType: named(row.loan_type_id, row.lt_code, row.lt_name),
      location: named(row.location_id, row.loc_code, row.loc_name),
      library: named(row.library_id, row.lib_code, row.lib_name),
      campus: named(row.campus_id, row.cam_code, row.cam_name),
    },
    policies: {
      loanPolicy: { id: row.lp_id, code: row.lp_code, name: row.lp_name },
      requestPolicy: { id: row.rp_id, code: row.rp_code, name: row.rp_name },
      overdueFinePolicy: { id: row.fp_id, code: row.fp_code, name: row.fp_name },
      lostItemPolicy: { id: row.xp_id, code: row.xp_code, name: row.xp_name },
      noticePolicy: { id: row.np_id, code: row.np_code, name: row.np_name },
    },
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  }));
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ReferenceTable =
  | 'patron_group' | 'material_type' | 'loan_type' | 'location' | 'library' | 'campus'
  | 'loan_policy' | 'request_policy' | 'overdue_fine_policy' | 'lost_item_policy' | 'notice_policy' | 'fixed_due_date_schedule';

/** The id of the institution's row named by `reference` (its id or its code), or null. */
export async function idOfReference(db: Kysely<Database>, table: ReferenceTable, institutionId: string, reference: string): Promise<string | null> {
  const row = await db
    .selectFrom(table as 'loan_type')
    .select('id')
    .where('institution_id', '=', institutionId)
    .where(uuidPattern.test(reference) ? 'id' : 'code', '=', reference)
    .executeTakeFirst();
  return row?.id ?? null;
}
