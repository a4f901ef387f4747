import { z } from 'zod';
import { actorOf, staffOf } from '../../http/access.ts';
import type { CarrelApp, RouteDeps } from '../../http/route-types.ts';
import { pageQuery } from '../../platform/pagination.ts';
import { requestTypes } from '../policies/index.ts';
import { clearExpiredHold, holdShelfOf } from './hold-shelf.service.ts';
import { cancelRequest, moveRequest, pageNotFound, reorderItemQueue, reorderTitleQueue } from './request-changes.service.ts';
import { holdSlipFormats, readRequestSettings, updateRequestSettings } from './request-settings.service.ts';
import { placeRequest } from './request.service.ts';
import { requestStatuses } from './request-status.ts';
import { deskSummaryOfDesk, pickListOfDesk, requestsPage, requireHoldSlip, requireKnownServicePoint } from './requests-desk.reads.ts';
import {
  clearedHoldReply,
  deskSummaryReply,
  holdShelfReply,
  holdSlipReply,
  oneRequestReply,
  pickListReply,
  requestQueueReply,
  requestSettingsReply,
  requestsReply,
} from './requests.replies.ts';

const idParams = z.object({ id: z.uuid() });
const barcode = z.string().trim().min(1).max(100);

/** Holds, recalls and pages; queues; the pick list and the hold shelf of a desk. Refusal codes are in request-placement.policy.ts. */
export async function requestsRoutes(app: CarrelApp, deps: RouteDeps): Promise<void> {
  const { db, clock } = deps;
  app.post(
    '/requests',
    {
      config: { access: 'requests.manage' },
      schema: {
        tags: ['requests'],
        summary: 'Place a hold, recall or page on an item (itemBarcode) or a title (instanceId); 422 REQUEST_REFUSED lists every failing check',
        body: z.object({
          type: z.enum(requestTypes),
          patronBarcode: barcode,
          itemBarcode: barcode.optional(),
          instanceId: z.uuid().optional(),
          pickupServicePointId: z.uuid(),
          notNeededAfter: z.iso.date().optional(),
        }),
        response: { 201: oneRequestReply },
      },
    },
    async (request, reply) => reply.status(201).send({ request: await placeRequest(deps, actorOf(request), request.body) }),
  );

  app.get(
    '/requests',
    {
      config: { access: 'requests.manage' },
      schema: {
        tags: ['requests'],
        summary: 'Requests by patron, item, title or status, in queue order',
        querystring: pageQuery.extend({ patronId: z.uuid().optional(), itemId: z.uuid().optional(), instanceId: z.uuid().optional(), status: z.enum(requestStatuses).optional() }),
        response: { 200: requestsReply },
      },
    },
    async (request) => requestsPage(db, { ...request.query, institutionId: staffOf(request).institutionId }),
  );

  app.post(
    '/requests/:id/cancel',
    {
      config: { access: 'requests.manage' },
      schema: { tags: ['requests'], summary: 'Cancel a request with a reason; a held item passes to the next patron', params: idParams, body: z.object({ reason: z.string().trim().min(1).max(1000) }), response: { 200: oneRequestReply } },
    },
    async (request) => ({ request: await cancelRequest(deps, actorOf(request), request.params.id, request.body.reason) }),
  );

  app.post(
    '/requests/:id/move',
    {
      config: { access: 'requests.manage' },
      schema: { tags: ['requests'], summary: 'Move a request not yet filled to another copy of the same title', params: idParams, body: z.object({ itemBarcode: barcode }), response: { 200: oneRequestReply } },
    },
    async (request) => ({ request: await moveRequest(deps, actorOf(request), request.params.id, request.body.itemBarcode) }),
  );

  app.post(
    '/requests/:id/not-found',
    {
      config: { access: 'requests.manage' },
      schema: { tags: ['requests'], summary: 'A paged item was not on the shelf: mark it missing and page the next copy', params: idParams, response: { 200: oneRequestReply } },
    },
    async (request) => ({ request: await pageNotFound(deps, actorOf(request), request.params.id) }),
  );

  app.put(
    '/items/:id/request-queue',
    {
      config: { access: 'requests.manage' },
      schema: { tags: ['requests'], summary: "Reorder an item's request queue (audited)", params: idParams, body: z.object({ requestIds: z.array(z.uuid()).min(1).max(500) }), response: { 200: requestQueueReply } },
    },
    async (request) => ({ items: await reorderItemQueue(deps, actorOf(request), request.params.id, request.body.requestIds) }),
  );

  app.get(
    '/service-points/:id/pick-list',
    {
      config: { access: 'requests.manage' },
      schema: { tags: ['requests'], summary: 'Pages to fetch from the shelves this desk serves, in shelf order', params: idParams, response: { 200: pickListReply } },
    },
    async (request) => {
      const institutionId = staffOf(request).institutionId;
      await requireKnownServicePoint(db, institutionId, request.params.id);
      const items = await pickListOfDesk(db, institutionId, request.params.id);
      return { items, total: items.length };
    },
  );

  app.get(
    '/service-points/:id/hold-shelf',
    {
      config: { access: 'requests.manage' },
      schema: { tags: ['requests'], summary: 'Items on this desk\'s hold shelf with their deadlines; expired ones flagged, with clearFromShelf once the hold is closed and the item waits to be scanned at check-in', params: idParams, response: { 200: holdShelfReply } },
    },
    async (request) => {
      const institutionId = staffOf(request).institutionId;
      await requireKnownServicePoint(db, institutionId, request.params.id);
      const items = await holdShelfOf(db, institutionId, request.params.id, clock.now());
      return { items, total: items.length };
    },
  );

  app.put(
    '/instances/:id/request-queue',
    {
      config: { access: 'requests.manage' },
      schema: { tags: ['requests'], summary: "Reorder a title's queue of title-level requests (audited)", params: idParams, body: z.object({ requestIds: z.array(z.uuid()).min(1).max(500) }), response: { 200: requestQueueReply } },
    },
    async (request) => ({ items: await reorderTitleQueue(deps, actorOf(request), request.params.id, request.body.requestIds) }),
  );

  app.get(
    '/requests/:id/hold-slip',
    {
      config: { access: 'requests.manage' },
      schema: { tags: ['requests'], summary: 'The hold slip of a request waiting on the hold shelf, to print again', params: idParams, response: { 200: holdSlipReply } },
    },
    async (request) => {
      return { holdSlip: await requireHoldSlip(db, staffOf(request).institutionId, request.params.id) };
    },
  );

  app.post(
    '/requests/:id/clear',
    {
      config: { access: 'requests.manage' },
      schema: { tags: ['requests'], summary: 'Close an expired hold now, as the morning job would (pickup-expired); the item stays listed to clear until it is scanned at check-in', params: idParams, response: { 200: clearedHoldReply } },
    },
    async (request) => clearExpiredHold(deps, actorOf(request), request.params.id),
  );

  app.get(
    '/service-points/:id/desk-summary',
    {
      config: { access: 'requests.manage' },
      schema: { tags: ['requests'], summary: "A desk's morning summary: hold shelf expiries, pick list count, items in transit here, overdue recalls", params: idParams, response: { 200: deskSummaryReply } },
    },
    async (request) => {
      const institutionId = staffOf(request).institutionId;
      await requireKnownServicePoint(db, institutionId, request.params.id);
      return deskSummaryOfDesk(db, institutionId, request.params.id, clock.now());
    },
  );

  app.get(
    '/request-settings',
    { config: { access: 'settings.read' }, schema: { tags: ['requests'], summary: 'How hold slips name the patron', response: { 200: requestSettingsReply } } },
    async (request) => readRequestSettings(db, staffOf(request).institutionId),
  );

  app.put(
    '/request-settings',
    {
      config: { access: 'settings.edit' },
      schema: { tags: ['requests'], summary: 'Change how hold slips name the patron (audited)', body: z.object({ holdSlipFormat: z.enum(holdSlipFormats) }), response: { 200: requestSettingsReply } },
    },
    async (request) => updateRequestSettings(deps, actorOf(request), request.body),
  );
}
