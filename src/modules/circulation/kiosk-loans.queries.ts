import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** Open loans as a kiosk names them: by the patron's and the item's barcodes, or by title (SIP2 renewals). */

/** The open loan of a patron on an item (renewal by item barcode), or null. */
export async function openLoanOfPatronItem(db: Kysely<Database>, institutionId: string, patronBarcode: string, itemBarcode: string): Promise<{ id: string } | null> {
  const row = await db
    .selectFrom('loan')
    .innerJoin('item', 'item.id', 'loan.item_id')
    .innerJoin('patron', 'patron.id', 'loan.patron_id')
    .select('loan.id')
    .where('loan.institution_id', '=', institutionId)
    .where('loan.status', '=', 'open')
    .where('item.barcode', '=', itemBarcode)
    .where('patron.barcode', '=', patronBarcode)
    .executeTakeFirst();
  return row ?? null;
}

/** The patron's one open loan of a title (renewal by AJ); null when none or several match. */
export async function openLoanOfPatronTitle(db: Kysely<Database>, institutionId: string, patronBarcode: string, title: string): Promise<{ id: string; itemBarcode: string } | null> {
  const rows = await db
    .selectFrom('loan')
    .innerJoin('item', 'item.id', 'loan.item_id')
    .innerJoin('instance', 'instance.id', 'item.instance_id')
    .innerJoin('patron', 'patron.id', 'loan.patron_id')
    .select(['loan.id', 'item.barcode'])
    .where('loan.institution_id', '=', institutionId)
    .where('loan.status', '=', 'open')
    .where('instance.title', '=', title)
    .where('patron.barcode', '=', patronBarcode)
    .limit(2)
    .execute();
  return rows.length === 1 ? { id: rows[0]!.id, itemBarcode: rows[0]!.barcode } : null;
}

/** Item barcodes and titles of a patron's open loans by loan id (for BM/BN lists after renew all). */
export async function itemsOfLoans(db: Kysely<Database>, institutionId: string, loanIds: readonly string[]): Promise<Map<string, { barcode: string; title: string }>> {
  if (loanIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('loan')
    .innerJoin('item', 'item.id', 'loan.item_id')
    .innerJoin('instance', 'instance.id', 'item.instance_id')
    .select(['loan.id', 'item.barcode', 'instance.title'])
    .where('loan.institution_id', '=', institutionId)
    .where('loan.id', 'in', [...loanIds])
    .execute();
  return new Map(rows.map((row) => [row.id, { barcode: row.barcode, title: row.title }]));
}

/** Whether the open loan is this patron's: the portal renews the signed-in patron's own loans only. */
export async function isOpenLoanOfPatron(db: Kysely<Database>, institutionId: string, patronId: string, loanId: string): Promise<boolean> {
  const row = await db.selectFrom('loan').select('id').where('institution_id', '=', institutionId).where('patron_id', '=', patronId).where('id', '=', loanId).where('status', '=', 'open').executeTakeFirst();
  return row !== undefined;
}
