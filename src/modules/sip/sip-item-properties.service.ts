import { recordAuditEvent } from '../audit/index.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { saveSipItemProperties } from '../catalog/index.ts';
import { findSipItem, type SipItemFacts } from './sip-item.queries.ts';
import type { KioskTransaction } from './sip-transaction.ts';

/**
 * 19 item status update: keep the item properties (CH) the kiosk or sorter sent, in one transaction
 * with its audit event (before and after). Returns the item, or null when no item has the barcode.
 */
export async function storeSipItemProperties(db: Kysely<Database>, kiosk: KioskTransaction, itemBarcode: string, properties: string): Promise<SipItemFacts | null> {
  return db.transaction().execute(async (trx) => {
    const item = await findSipItem(trx, kiosk.account.institutionId, itemBarcode);
    if (!item) return null;
    await saveSipItemProperties(trx, kiosk.account.institutionId, item.id, properties, kiosk.now.toISOString());
    await recordAuditEvent(trx, kiosk.actor, kiosk.now, {
      action: 'item.sip-properties',
      entityType: 'item',
      entityId: item.id,
      before: { sipProperties: item.sipProperties },
      after: { sipProperties: properties },
    });
    return { ...item, sipProperties: properties };
  });
}
