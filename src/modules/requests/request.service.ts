import type { Kysely } from 'kysely';
import type { Database, RequestType } from '../../db/schema.ts';
import { retryWhenBusy } from '../../db/database-errors.ts';
import { DomainError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { inTransaction, type ServiceContext } from '../../platform/service-context.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { changeItemStatus, copiesOfTitle, copyById, titleExists } from '../catalog/index.ts';
import { borrowerByBarcode, copyForRequest, openLoansOnCopiesOf, recallLoan, resolveCirculationRule, type CirculationItem, type CirculationPatron } from '../circulation/index.ts';
import { pickupDeskOf } from '../org/index.ts';
import { isBlockActive, isPatronExpired, requestBlocksOfPatron } from '../patrons/index.ts';
import { copiesByStanding, placementPlan, placementRefusals, representativeCopy, requestTypeFor, typeToPlace, type PlacementFacts, type TitleCopy } from './request-placement.policy.ts';
import { insertRequest, openRequestsOfPatronFor } from './request-placement.queries.ts';
import { nextQueuePosition, requestView, type RequestView } from './request.queries.ts';

export interface PlaceRequest {
  /** omitted: the library's rule (requestTypeFor) makes it a page or a hold, as a patron's request at a kiosk or the portal */
  type?: RequestType | undefined;
  patronBarcode: string;
  itemBarcode?: string | undefined;
  instanceId?: string | undefined;
  pickupServicePointId: string;
  notNeededAfter?: string | undefined;
}

/** The item named (item-level), or the title asked for with its copies and the loans on them (title-level). */
async function loadWhatIsAsked(trx: Kysely<Database>, institutionId: string, input: PlaceRequest): Promise<{ item: CirculationItem | null; instanceId: string; copies: TitleCopy[] }> {
  let item: CirculationItem | null = null;
  let instanceId: string;
  if (input.itemBarcode) {
    item = await copyForRequest(trx, institutionId, { barcode: input.itemBarcode });
    if (!item) throw new DomainError('ITEM_NOT_FOUND', 'No item has this barcode.', { itemBarcode: input.itemBarcode });
    instanceId = (await copyById(trx, institutionId, item.id))!.instanceId;
  } else {
    if (!(await titleExists(trx, institutionId, input.instanceId!))) throw new DomainError('INSTANCE_NOT_FOUND', 'There is no such instance.', { instanceId: input.instanceId });
    instanceId = input.instanceId!;
  }
  // an item-level request is judged by the item named alone
  if (item) return { item, instanceId, copies: [] };
  const copies = await copiesOfTitle(trx, institutionId, instanceId);
  const loans = await openLoansOnCopiesOf(trx, institutionId, instanceId);
  const loanOf = new Map(loans.map((loan) => [loan.itemId, { id: loan.loanId, loanedAt: loan.loanedAt, recalledAt: loan.recalledAt }]));
  return { item, instanceId, copies: copies.map((copy) => ({ id: copy.id, status: copy.status, loan: loanOf.get(copy.id) ?? null })) };
}

/** What the placement rules know of the patron: standing, blocks on requests, open requests and whether one is for the same thing. */
async function loadPatronFacts(trx: Kysely<Database>, institutionId: string, patron: CirculationPatron, asked: { itemId: string | null; instanceId: string }, now: Date) {
  const blocks = await requestBlocksOfPatron(trx, institutionId, patron.id);
  const open = await openRequestsOfPatronFor(trx, institutionId, patron.id);
  const duplicate = open.some((request) => (asked.itemId ? request.item_id === asked.itemId || (request.level === 'title' && request.instance_id === asked.instanceId) : request.instance_id === asked.instanceId));
  const facts: NonNullable<PlacementFacts['patron']> = {
    expired: isPatronExpired(patron.expiresOn, now, patron.institutionTimeZone),
    inactive: patron.status === 'inactive',
    blockReasons: blocks.filter((block) => isBlockActive(block, now)).map((block) => block.reason),
    openRequests: open.length,
  };
  return { facts, duplicate };
}

/**
 * Place a hold, recall or page on an item or (title-level) on any copy of an instance. Every
 * reason against it is reported at once (422 REQUEST_REFUSED). A page marks the item 'paged' for
 * the pick list; a recall shortens the borrower's loan. Load, then decide (request-placement.policy.ts),
 * then write; 'request.placed' is announced after the commit.
 */
export async function placeRequest(ctx: ServiceContext, actor: Actor, input: PlaceRequest): Promise<RequestView> {
  const institutionId = actor.institutionId;
  if (!input.itemBarcode === !input.instanceId) throw new DomainError('VALIDATION_FAILED', 'Name either an item barcode or an instance (title-level request).', { field: 'itemBarcode' });
  return retryWhenBusy(() =>
    inTransaction(ctx, async (trx, raise) => {
      const now = ctx.clock.now();
      // load
      const patron = await borrowerByBarcode(trx, institutionId, input.patronBarcode);
      const { item, instanceId, copies } = await loadWhatIsAsked(trx, institutionId, input);
      const ruleFor = (copy: CirculationItem) =>
        patron ? resolveCirculationRule(trx, { institutionId, patronGroupId: patron.patronGroupId, materialTypeId: copy.materialTypeId, loanTypeId: copy.loanTypeId, locationId: copy.location.id }) : Promise.resolve(null);
      const representativeFor = async (type: RequestType) => {
        if (item) return item;
        const chosen = representativeCopy(type, copies);
        return chosen ? copyForRequest(trx, institutionId, { id: chosen.id }) : null;
      };
      const copyStatuses = item ? [item.status] : copies.map((copy) => copy.status);
      let type = input.type;
      if (!type) {
        // whether this patron may page is asked only when a copy is on the shelf (it depends on that copy's request policy)
        let pagingAllowed = true;
        if (requestTypeFor(copyStatuses, true) === 'page') {
          const shelved = await representativeFor('page');
          const policy = shelved ? await ruleFor(shelved) : null;
          pagingAllowed = policy ? policy.requestPolicy.settings.allowedTypes.includes('page') : true;
        }
        type = typeToPlace(copyStatuses, pagingAllowed);
      }
      const representative = await representativeFor(type);
      if (!representative) throw new DomainError('ITEM_NOT_FOUND', 'This title has no copies to request.', { instanceId });
      const pickup = await pickupDeskOf(trx, institutionId, input.pickupServicePointId);
      const applied = await ruleFor(representative);
      const patronFacts = patron ? await loadPatronFacts(trx, institutionId, patron, { itemId: item?.id ?? null, instanceId }, now) : null;

      // decide
      const refusals = placementRefusals({
        type,
        patron: patronFacts?.facts ?? null,
        itemStatus: item ? item.status : null,
        instanceCopies: item ? null : copiesByStanding(copyStatuses),
        requestPolicy: applied && { name: applied.requestPolicy.name, settings: applied.requestPolicy.settings },
        pickup: { exists: pickup !== undefined, isPickupPoint: pickup?.isPickupPoint ?? false, code: pickup?.code ?? null },
        duplicate: patronFacts?.duplicate ?? false,
      });
      if (refusals.length > 0 || !patron) throw new DomainError('REQUEST_REFUSED', refusals.map((entry) => entry.message).join(' '), { refusals });
      const plan = placementPlan(type, item && { id: item.id, openLoanId: item.openLoan?.id ?? null }, representative, copies);

      // write
      const id = newId();
      const queuePosition = await nextQueuePosition(trx, institutionId, plan.level === 'item' ? { itemId: plan.assignedItemId! } : { instanceId });
      await insertRequest(
        trx,
        {
          id, institutionId, type, level: plan.level, patronId: patron.id, itemId: plan.assignedItemId, instanceId,
          pickupServicePointId: input.pickupServicePointId, notNeededAfter: input.notNeededAfter ?? null, queuePosition, createdBy: actor.id,
        },
        now,
      );
      if (plan.pagedCopyId && !(await changeItemStatus(trx, plan.pagedCopyId, 'available', 'paged', now))) {
        throw new DomainError('CONFLICT', 'This item just changed at a desk; try again.', { itemId: plan.pagedCopyId });
      }
      if (plan.recallLoanId) await recallLoan(trx, actor, now, plan.recallLoanId, id);
      await recordAuditEvent(trx, actor, now, {
        action: 'request.place',
        entityType: 'request',
        entityId: id,
        after: { type, level: plan.level, patronId: patron.id, itemId: plan.assignedItemId, instanceId, pickupServicePointId: input.pickupServicePointId },
      });
      raise({ type: 'request.placed', institutionId, requestId: id, patronId: patron.id, requestType: type });
      return requestView(trx, institutionId, id);
    }),
  );
}
