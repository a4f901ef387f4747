import type { Kysely } from 'kysely';
import type { Database, ItemStatus, RequestType } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { resolveCirculationRule } from '../circulation/index.ts';
import { recordCirculationEvent } from '../circulation/circulation-events.ts';
import { findCirculationPatron } from '../circulation/circulation-patron.queries.ts';
import { dueDateForRecall } from '../circulation/due-date.policy.ts';
import { calendarOfDesk, changeItemStatus, findCirculationItem, findDesk, type CirculationItem } from '../circulation/loan.queries.ts';
import { loanPolicySettingsSchema } from '../policies/index.ts';
import { isBlockActive, isPatronExpired } from '../patrons/index.ts';
import { copiesByStanding, copyStanding, placementRefusals, requestTypeFor } from './request-placement.policy.ts';
import { openRequestStatuses } from './request-queue.queries.ts';
import { nextQueuePosition, requestView, type RequestView } from './request.queries.ts';
import { retryWhenBusy } from '../../db/database-errors.ts';

export interface PlaceRequest {
  /** omitted: the library's rule (requestTypeFor) makes it a page or a hold, as a patron's request at a kiosk or the portal */
  type?: RequestType | undefined;
  patronBarcode: string;
  itemBarcode?: string | undefined;
  instanceId?: string | undefined;
  pickupServicePointId: string;
  notNeededAfter?: string | undefined;
}

async function copiesOf(trx: Kysely<Database>, institutionId: string, instanceId: string) {
  return trx
    .selectFrom('item')
    .leftJoin('loan', (join) => join.onRef('loan.item_id', '=', 'item.id').on('loan.status', '=', 'open'))
    .select(['item.id', 'item.status', 'loan.id as loan_id', 'loan.loaned_at', 'loan.recalled_at'])
    .where('item.institution_id', '=', institutionId)
    .where('item.instance_id', '=', instanceId)
    .orderBy('item.barcode')
    .execute();
}

/**
 * Page or hold, by requestTypeFor. Whether this patron may page is asked only when a copy is on the
 * shelf (it depends on that copy's request policy). When nothing fits, the type the copies alone
 * suggest is placed, so the refusal says why (type not allowed, or nothing out to wait for).
 */
async function chosenType(copyStatuses: ItemStatus[], pagingAllowed: () => Promise<boolean>): Promise<RequestType> {
  const byCopies = requestTypeFor(copyStatuses, true);
  if (byCopies !== 'page' || (await pagingAllowed())) return byCopies ?? 'hold';
  return requestTypeFor(copyStatuses, false) ?? 'page';
}

/** Shorten the loan on the item for a recall, as its loan policy allows; audited, and an event for the recall notice. */
async function recallLoan(trx: Kysely<Database>, actor: Actor, now: Date, loanId: string, requestId: string): Promise<void> {
  const loan = await trx
    .selectFrom('loan')
    .innerJoin('loan_policy', 'loan_policy.id', 'loan.loan_policy_id')
    .select(['loan.id', 'loan.item_id', 'loan.patron_id', 'loan.loaned_at', 'loan.due_at', 'loan.recalled_at', 'loan.checkout_service_point_id', 'loan_policy.settings'])
    .where('loan.institution_id', '=', actor.institutionId)
    .where('loan.id', '=', loanId)
    .executeTakeFirstOrThrow();
  if (loan.recalled_at) return;
  // the due date follows the lending desk's calendar, as at check-out
  const desk = loan.checkout_service_point_id ? await findDesk(trx, actor.institutionId, loan.checkout_service_point_id) : null;
  if (!desk) return;
  const policy = loanPolicySettingsSchema.parse(JSON.parse(loan.settings));
  const recalled = dueDateForRecall(policy, new Date(loan.loaned_at), new Date(loan.due_at), now, { calendar: await calendarOfDesk(trx, actor.institutionId, desk), patronExpiresOn: null, fixedSchedules: {} });
  const dueAt = recalled.dueAt.toISOString();
  await trx.updateTable('loan').set({ recalled_at: now.toISOString(), due_at: dueAt, updated_at: now.toISOString() }).where('id', '=', loan.id).execute();
  await recordAuditEvent(trx, actor, now, { action: 'loan.recall', entityType: 'loan', entityId: loan.id, before: { dueAt: loan.due_at }, after: { dueAt, requestId, explanation: recalled.explanation } });
  await recordCirculationEvent(trx, {
    institutionId: actor.institutionId,
    kind: 'loan-recalled',
    loanId: loan.id,
    itemId: loan.item_id,
    patronId: loan.patron_id,
    occurredAt: now,
    payload: { requestId, previousDueAt: loan.due_at, dueAt },
  });
}

/**
 * Place a hold, recall or page on an item or (title-level) on any copy of an instance. Every
 * reason against it is reported at once (422 REQUEST_REFUSED). A page marks the item 'paged' for
 * the pick list; a recall shortens the borrower's loan.
 */
export async function placeRequest(db: Kysely<Database>, clock: Clock, actor: Actor, input: PlaceRequest): Promise<RequestView> {
  const institutionId = actor.institutionId;
  if (!input.itemBarcode === !input.instanceId) throw new DomainError('VALIDATION_FAILED', 'Name either an item barcode or an instance (title-level request).', { field: 'itemBarcode' });
  return retryWhenBusy(() =>
    db.transaction().execute(async (trx) => {
      const now = clock.now();
      const patron = await findCirculationPatron(trx, institutionId, { barcode: input.patronBarcode });
      let item: CirculationItem | null = null;
      let instanceId: string;
      if (input.itemBarcode) {
        item = await findCirculationItem(trx, institutionId, { barcode: input.itemBarcode });
        if (!item) throw new DomainError('ITEM_NOT_FOUND', 'No item has this barcode.', { itemBarcode: input.itemBarcode });
        instanceId = (await trx.selectFrom('item').select('instance_id').where('id', '=', item.id).executeTakeFirstOrThrow()).instance_id;
      } else {
        const instance = await trx.selectFrom('instance').select('id').where('institution_id', '=', institutionId).where('id', '=', input.instanceId!).executeTakeFirst();
        if (!instance) throw new DomainError('INSTANCE_NOT_FOUND', 'There is no such instance.', { instanceId: input.instanceId });
        instanceId = instance.id;
      }
      const copies = await copiesOf(trx, institutionId, instanceId);
      const ruleFor = (copy: CirculationItem) =>
        patron ? resolveCirculationRule(trx, { institutionId, patronGroupId: patron.patronGroupId, materialTypeId: copy.materialTypeId, loanTypeId: copy.loanTypeId, locationId: copy.location.id }) : Promise.resolve(null);
      // a title-level request is judged against a representative copy: the one it would go to now
      const representativeFor = async (type: RequestType) => {
        if (item) return item;
        const copy = type === 'page' ? copies.find((entry) => copyStanding(entry.status) === 'on-shelf') : (copies.find((entry) => entry.loan_id) ?? copies.find((entry) => copyStanding(entry.status) === 'out'));
        const chosen = copy ?? copies[0];
        return chosen ? findCirculationItem(trx, institutionId, { id: chosen.id }) : null;
      };
      const type = input.type ?? (await chosenType(item ? [item.status] : copies.map((copy) => copy.status), async () => {
        const shelved = await representativeFor('page');
        const policy = shelved ? await ruleFor(shelved) : null;
        return policy ? policy.requestPolicy.settings.allowedTypes.includes('page') : true;
      }));
      const representative = await representativeFor(type);
      if (!representative) throw new DomainError('ITEM_NOT_FOUND', 'This title has no copies to request.', { instanceId });
      const pickup = await trx
        .selectFrom('service_point')
        .select(['id', 'code', 'is_pickup_point'])
        .where('institution_id', '=', institutionId)
        .where('id', '=', input.pickupServicePointId)
        .executeTakeFirst();
      const applied = await ruleFor(representative);
      let patronFacts = null;
      let duplicate = false;
      if (patron) {
        const blocks = await trx.selectFrom('patron_block').select(['reason', 'expires_at']).where('institution_id', '=', institutionId).where('patron_id', '=', patron.id).where('blocks_requests', '=', true).execute();
        const open = await trx.selectFrom('request').select(['item_id', 'instance_id', 'level']).where('institution_id', '=', institutionId).where('patron_id', '=', patron.id).where('status', 'in', openRequestStatuses).execute();
        duplicate = open.some((request) => (item ? request.item_id === item.id || (request.level === 'title' && request.instance_id === instanceId) : request.instance_id === instanceId));
        patronFacts = {
          expired: isPatronExpired(patron.expiresOn, now, patron.institutionTimeZone),
          inactive: patron.status === 'inactive',
          blockReasons: blocks.filter((block) => isBlockActive({ expiresAt: block.expires_at }, now)).map((block) => block.reason),
          openRequests: open.length,
        };
      }
      const refusals = placementRefusals({
        type,
        patron: patronFacts,
        itemStatus: item ? item.status : null,
        instanceCopies: item ? null : copiesByStanding(copies.map((copy) => copy.status)),
        requestPolicy: applied && { name: applied.requestPolicy.name, settings: applied.requestPolicy.settings },
        pickup: { exists: pickup !== undefined, isPickupPoint: Boolean(pickup?.is_pickup_point), code: pickup?.code ?? null },
        duplicate,
      });
      if (refusals.length > 0 || !patron) throw new DomainError('REQUEST_REFUSED', refusals.map((entry) => entry.message).join(' '), { refusals });

      // a page goes to a copy on the shelf at once; a title-level hold or recall waits for whichever copy comes back first
      const pagedCopy = type === 'page' ? (item ?? representative) : null;
      const assignedItemId = item?.id ?? pagedCopy?.id ?? null;
      const level = item ? 'item' : 'title';
      const id = newId();
      await trx
        .insertInto('request')
        .values({
          id,
          institution_id: institutionId,
          type,
          level,
          patron_id: patron.id,
          item_id: assignedItemId,
          instance_id: instanceId,
          pickup_service_point_id: input.pickupServicePointId,
          not_needed_after: input.notNeededAfter ?? null,
          status: 'open-not-yet-filled',
          queue_position: await nextQueuePosition(trx, institutionId, level === 'item' ? { itemId: assignedItemId! } : { instanceId }),
          created_at: now.toISOString(),
          created_by: actor.id,
          updated_at: now.toISOString(),
        })
        .execute();
      if (pagedCopy && !(await changeItemStatus(trx, pagedCopy.id, 'available', 'paged', now))) {
        throw new DomainError('CONFLICT', 'This item just changed at a desk; try again.', { itemId: pagedCopy.id });
      }
      if (type === 'recall') {
        const loanId = item ? item.openLoan?.id : copies.filter((copy) => copy.loan_id && !copy.recalled_at).sort((a, b) => String(a.loaned_at).localeCompare(String(b.loaned_at)))[0]?.loan_id;
        if (loanId) await recallLoan(trx, actor, now, loanId, id);
      }
      await recordAuditEvent(trx, actor, now, {
        action: 'request.place',
        entityType: 'request',
        entityId: id,
        after: { type, level, patronId: patron.id, itemId: assignedItemId, instanceId, pickupServicePointId: input.pickupServicePointId },
      });
      return requestView(trx, institutionId, id);
    }),
  );
}
