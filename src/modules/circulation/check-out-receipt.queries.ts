import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface ReceiptLoanRow {
  id: string;
  due_at: string;
  title: string;
  item_barcode: string;
}

/** The patron's loans among `loanIds` (open or not: a receipt may be sent after a quick return). */
export async function loansForReceipt(db: Kysely<Database>, institutionId: string, patronId: string, loanIds: readonly string[]): Promise<ReceiptLoanRow[]> {
  return db
    .selectFrom('loan')
    .innerJoin('item', 'item.id', 'loan.item_id')
    .innerJoin('instance', 'instance.id', 'item.instance_id')
    .select(['loan.id', 'loan.due_at', 'instance.title', 'item.barcode as item_barcode'])
    .where('loan.institution_id', '=', institutionId)
    .where('loan.patron_id', '=', patronId)
    .where('loan.id', 'in', [...loanIds])
    .execute();
}

export async function receiptRecipient(db: Kysely<Database>, institutionId: string, patronId: string) {
  return db
    .selectFrom('patron')
    .select(['id', 'first_name', 'preferred_first_name', 'last_name', 'email'])
    .where('institution_id', '=', institutionId)
    .where('id', '=', patronId)
    .executeTakeFirst();
}

export async function receiptIssuer(db: Kysely<Database>, institutionId: string, servicePointId: string | undefined) {
  const institution = await db.selectFrom('institution').select(['name', 'time_zone']).where('id', '=', institutionId).executeTakeFirstOrThrow();
  const servicePoint = servicePointId
    ? await db.selectFrom('service_point').select(['name', 'time_zone']).where('institution_id', '=', institutionId).where('id', '=', servicePointId).executeTakeFirst()
    : undefined;
  return { institution, servicePoint };
}
