import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { receiptKinds } from './receipt.policy.ts';

/**
 * The actions a receipt covers: the one action with this id, or every action of the payment
 * batch with this id. Only payments, waivers and refunds have receipts.
 */
export async function actionsOfReceipt(trx: Kysely<Database>, institutionId: string, receiptId: string) {
  const actions = () =>
    trx
      .selectFrom('fee_action')
      .innerJoin('fee', 'fee.id', 'fee_action.fee_id')
      .innerJoin('fee_type', 'fee_type.id', 'fee.fee_type_id')
      .leftJoin('item', 'item.id', 'fee.item_id')
      .leftJoin('instance', 'instance.id', 'item.instance_id')
      .leftJoin('waiver_reason', 'waiver_reason.id', 'fee_action.waiver_reason_id')
      .selectAll('fee_action')
      .select(['fee_type.name as fee_type_name', 'fee.description as fee_description', 'fee.created_at as fee_created_at', 'instance.title as item_title', 'waiver_reason.name as waiver_reason_name'])
      .where('fee_action.institution_id', '=', institutionId)
      .where('fee_action.kind', 'in', receiptKinds);
  const single = await actions().where('fee_action.id', '=', receiptId).execute();
  if (single.length > 0) return single;
  return actions().where('fee_action.batch_id', '=', receiptId).orderBy('fee_action.occurred_at').orderBy('fee.created_at').orderBy('fee.id').execute();
}

export async function receiptParties(trx: Kysely<Database>, institutionId: string, patronId: string, servicePointId: string | null, staffId: string | null) {
  const institution = await trx.selectFrom('institution').select(['name', 'currency', 'time_zone']).where('id', '=', institutionId).executeTakeFirstOrThrow();
  const patron = await trx
    .selectFrom('patron')
    .select(['id', 'first_name', 'preferred_first_name', 'last_name', 'barcode', 'email'])
    .where('institution_id', '=', institutionId)
    .where('id', '=', patronId)
    .executeTakeFirstOrThrow();
  const servicePoint = servicePointId
    ? await trx.selectFrom('service_point').select(['name', 'time_zone']).where('institution_id', '=', institutionId).where('id', '=', servicePointId).executeTakeFirst()
    : undefined;
  const staff = staffId
    ? await trx.selectFrom('staff_account').select('username').where('institution_id', '=', institutionId).where('id', '=', staffId).executeTakeFirst()
    : undefined;
  return { institution, patron, servicePoint, staffUsername: staff?.username ?? null };
}

/** The patron of the action with this id, or of the payment batch with this id; undefined when there is none. */
export async function findPatronOfReceipt(db: Kysely<Database>, institutionId: string, receiptId: string): Promise<string | undefined> {
  const action = await db
    .selectFrom('fee_action')
    .select('patron_id')
    .where('institution_id', '=', institutionId)
    .where((eb) => eb.or([eb('id', '=', receiptId), eb('batch_id', '=', receiptId)]))
    .executeTakeFirst();
  return action?.patron_id;
}
