import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** What the rule tester needs of a patron named by barcode: their group and card expiry. */
export async function patronForRuleTest(db: Kysely<Database>, institutionId: string, barcode: string) {
  return db.selectFrom('patron').select(['patron_group_id', 'expires_on']).where('institution_id', '=', institutionId).where('barcode', '=', barcode).executeTakeFirst();
}

/** What the rule tester needs of an item named by barcode: its types and shelving location (temporary ones first). */
export async function itemForRuleTest(db: Kysely<Database>, institutionId: string, barcode: string) {
  return db
    .selectFrom('item')
    .innerJoin('holding', 'holding.id', 'item.holding_id')
    .select(['item.material_type_id', 'item.loan_type_id', 'item.temporary_loan_type_id', 'item.temporary_location_id', 'holding.location_id'])
    .where('item.institution_id', '=', institutionId)
    .where('item.barcode', '=', barcode)
    .executeTakeFirst();
}

export async function primaryServicePointOfLocation(db: Kysely<Database>, institutionId: string, locationId: string): Promise<string | null> {
  const location = await db.selectFrom('location').select('primary_service_point_id').where('id', '=', locationId).where('institution_id', '=', institutionId).executeTakeFirst();
  return location?.primary_service_point_id ?? null;
}
