import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** SQL of the hold shelf (hold-shelf.service.ts): what sits on a desk's shelf and holds past their deadline. */

function holdShelfRows(db: Kysely<Database>, institutionId: string, servicePointId: string) {
  return db
    .selectFrom('request')
    .innerJoin('patron', 'patron.id', 'request.patron_id')
    .innerJoin('item', 'item.id', 'request.item_id')
    .innerJoin('holding', 'holding.id', 'item.holding_id')
    .innerJoin('instance', 'instance.id', 'item.instance_id')
    .leftJoin('request_settings', 'request_settings.institution_id', 'request.institution_id')
    .select([
      'request_settings.hold_slip_format', 'request.id', 'request.status', 'request.awaiting_pickup_at', 'request.hold_shelf_expires_at', 'patron.id as patron_id', 'patron.barcode as patron_barcode',
      'patron.last_name', 'patron.first_name', 'item.id as item_id', 'item.barcode as item_barcode', 'instance.title', 'holding.call_number',
    ])
    .where('request.institution_id', '=', institutionId)
    .where('request.pickup_service_point_id', '=', servicePointId);
}

/** Holds waiting for pickup at a desk, soonest deadline first. */
export async function holdsAwaitingPickupAt(db: Kysely<Database>, institutionId: string, servicePointId: string) {
  return holdShelfRows(db, institutionId, servicePointId).where('request.status', '=', 'open-awaiting-pickup').orderBy('request.hold_shelf_expires_at').execute();
}

/** Expired holds whose item still sits on the desk's shelf: an item stays "awaiting pickup" until scanned; its latest expired request says for whom it was here. */
export async function expiredHoldsToClearAt(db: Kysely<Database>, institutionId: string, servicePointId: string) {
  return holdShelfRows(db, institutionId, servicePointId)
    .where('request.status', '=', 'closed-pickup-expired')
    .where('item.status', '=', 'awaiting-pickup')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('request as later')
            .select('later.id')
            .whereRef('later.item_id', '=', 'item.id')
            .where((where) =>
              where.or([where('later.status', '=', 'open-awaiting-pickup'), where.and([where('later.status', '=', 'closed-pickup-expired'), where('later.hold_shelf_expires_at', '>', where.ref('request.hold_shelf_expires_at'))])]),
            ),
        ),
      ),
    )
    .orderBy('request.hold_shelf_expires_at')
    .execute();
}

/** A hold still on the shelf past its deadline, with its item and patron; undefined when it is no longer there. */
export async function findHoldPastDeadline(trx: Kysely<Database>, institutionId: string, requestId: string, now: Date) {
  return trx
    .selectFrom('request')
    .select(['request.id', 'request.item_id', 'request.patron_id'])
    .where('request.institution_id', '=', institutionId)
    .where('request.id', '=', requestId)
    .where('request.status', '=', 'open-awaiting-pickup')
    .where('request.hold_shelf_expires_at', '<=', now.toISOString())
    .executeTakeFirst();
}

/** Every hold past its pickup deadline, soonest first: the morning job's work. */
export async function holdsPastDeadline(db: Kysely<Database>, institutionId: string, now: Date): Promise<Array<{ id: string }>> {
  return db
    .selectFrom('request')
    .select(['id'])
    .where('institution_id', '=', institutionId)
    .where('status', '=', 'open-awaiting-pickup')
    .where('hold_shelf_expires_at', '<=', now.toISOString())
    .orderBy('hold_shelf_expires_at')
    .execute();
}
