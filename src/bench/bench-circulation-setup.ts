import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import {
  loanPolicySettingsSchema,
  lostItemPolicySettingsSchema,
  noticePolicySettingsSchema,
  overdueFinePolicySettingsSchema,
  requestPolicySettingsSchema,
} from '../modules/policies/index.ts';
import { newId } from '../platform/ids.ts';
import { demoInstitutionCode } from '../seed/demo-identities.ts';

/** What the circulation benchmark lends with: a desk, patrons who may borrow and items on the shelf. */
export interface CirculationBenchSetup {
  institutionId: string;
  servicePointId: string;
  /** an administrator of the demo college, for the service layer's audit trail */
  staff: { id: string; name: string };
  patronBarcodes: string[];
  itemBarcodes: string[];
  /** true when the demo seed had no circulation rules and the benchmark added a fallback rule */
  addedFallbackRule: boolean;
}

/**
 * The demo college's rules when the demo seed brings them; otherwise a fallback rule with a 21-day
 * loan policy and default request, fine, lost item and notice policies, so check-outs succeed.
 */
async function ensureFallbackRule(db: Kysely<Database>, institutionId: string): Promise<boolean> {
  const existing = await db.selectFrom('circulation_rule').select('id').where('institution_id', '=', institutionId).where('is_fallback', '=', true).executeTakeFirst();
  if (existing) return false;
  const stamp = new Date().toISOString();
  const insertPolicy = async (table: 'loan_policy' | 'request_policy' | 'overdue_fine_policy' | 'lost_item_policy' | 'notice_policy', code: string, name: string, settings: unknown) => {
    const id = newId();
    await db
      .insertInto(table)
      .values({ id, institution_id: institutionId, code, name, description: 'Added by the benchmark', settings: JSON.stringify(settings), updated_at: stamp, updated_by: 'bench' })
      .execute();
    return id;
  };
  const loanPolicy = await insertPolicy('loan_policy', 'bench-loan', 'Benchmark 21-day loan', loanPolicySettingsSchema.parse({ loanable: true, loanPeriod: { kind: 'rolling', period: { amount: 21, unit: 'days' } } }));
  const requestPolicy = await insertPolicy('request_policy', 'bench-requests', 'Benchmark requests', requestPolicySettingsSchema.parse({}));
  const finePolicy = await insertPolicy('overdue_fine_policy', 'bench-fines', 'Benchmark overdue fines', overdueFinePolicySettingsSchema.parse({}));
  const lostPolicy = await insertPolicy('lost_item_policy', 'bench-lost', 'Benchmark lost items', lostItemPolicySettingsSchema.parse({}));
  const noticePolicy = await insertPolicy('notice_policy', 'bench-notices', 'Benchmark notices', noticePolicySettingsSchema.parse({}));
  await db
    .insertInto('circulation_rule')
    .values({
      id: newId(),
      institution_id: institutionId,
      name: 'Benchmark fallback',
      is_fallback: true,
      loan_policy_id: loanPolicy,
      request_policy_id: requestPolicy,
      overdue_fine_policy_id: finePolicy,
      lost_item_policy_id: lostPolicy,
      notice_policy_id: noticePolicy,
      updated_at: stamp,
      updated_by: 'bench',
    })
    .execute();
  return true;
}

/**
 * Patrons who may borrow (active, not expired, never blocked) and available books on standard loan
 * from the general stacks of the demo college, in a fixed order so runs compare.
 */
export async function prepareCirculationBench(db: Kysely<Database>, items: number): Promise<CirculationBenchSetup> {
  const college = await db.selectFrom('institution').select('id').where('code', '=', demoInstitutionCode).executeTakeFirstOrThrow();
  const institutionId = college.id;
  const addedFallbackRule = await ensureFallbackRule(db, institutionId);
  // the desk that serves the stacks, so check-ins need no routing slip
  const stacks = await db.selectFrom('location').select('primary_service_point_id').where('institution_id', '=', institutionId).where('code', '=', 'RIV-STACKS').executeTakeFirstOrThrow();
  const desk = stacks.primary_service_point_id
    ? { id: stacks.primary_service_point_id }
    : await db.selectFrom('service_point').select('id').where('institution_id', '=', institutionId).orderBy('code').executeTakeFirstOrThrow();
  const staff = await db.selectFrom('staff_account').select(['id', 'display_name']).where('institution_id', '=', institutionId).where('username', '=', 'admin').executeTakeFirstOrThrow();
  // cards valid well past two renewals, and no faculty term loans (a renewal within the term would not extend)
  const renewable = new Date(Date.now() + 120 * 86_400_000).toISOString().slice(0, 10);
  const patrons = await db
    .selectFrom('patron')
    .innerJoin('patron_group', 'patron_group.id', 'patron.patron_group_id')
    .select('patron.barcode')
    .where('patron.institution_id', '=', institutionId)
    .where('patron.status', '=', 'active')
    .where('patron_group.code', '!=', 'faculty')
    .where((eb) => eb.or([eb('patron.expires_on', 'is', null), eb('patron.expires_on', '>', renewable)]))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('patron_block').select('patron_block.id').whereRef('patron_block.patron_id', '=', 'patron.id'))))
    .orderBy('patron.barcode')
    .execute();
  const books = await db
    .selectFrom('item')
    .innerJoin('material_type', 'material_type.id', 'item.material_type_id')
    .innerJoin('holding', 'holding.id', 'item.holding_id')
    .innerJoin('location', 'location.id', 'holding.location_id')
    .innerJoin('loan_type', 'loan_type.id', 'item.loan_type_id')
    .select('item.barcode')
    .where('item.institution_id', '=', institutionId)
    .where('item.status', '=', 'available')
    .where('item.temporary_location_id', 'is', null)
    .where('item.temporary_loan_type_id', 'is', null)
    .where('material_type.code', '=', 'book')
    .where('loan_type.code', '=', 'standard')
    .where('location.code', '=', 'RIV-STACKS')
    .orderBy('item.barcode')
    .limit(items)
    .execute();
  if (books.length < items) throw new Error(`the benchmark needs ${items} available books in the stacks; the demo data has ${books.length}`);
  return {
    institutionId,
    servicePointId: desk.id,
    staff: { id: staff.id, name: staff.display_name },
    patronBarcodes: patrons.map((row) => row.barcode),
    itemBarcodes: books.map((row) => row.barcode),
    addedFallbackRule,
  };
}
