import { z } from 'zod';
import { actorOf, staffOf } from '../../http/access.ts';
import type { CarrelApp, RouteDeps } from '../../http/route-types.ts';
import { pageQuery } from '../../platform/pagination.ts';
import { calendarRoutes } from './calendar.routes.ts';
import { campusesOfInstitution, librariesOfInstitution, locationsPage, requireInstitution } from './org.reads.ts';
import { campusesReply, institutionReply, librariesReply, locationReply, locationsReply, servicePointReply, servicePointsReply } from './org.replies.ts';
import { createLocation, updateLocation } from './org.service.ts';
import { servicePointsPage } from './service-point.reads.ts';
import { createServicePoint, requireServicePoint, updateServicePoint } from './service-point.service.ts';

const code = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash and underscore only');
const name = z.string().trim().min(1).max(200);
const id = z.string().min(1).max(64);
const idParams = z.object({ id });

const locationChanges = z.object({
  code: code.optional(),
  name: name.optional(),
  libraryId: id.optional(),
  primaryServicePointId: id.nullable().optional(),
  servicePointIds: z.array(id).max(200).optional(),
  active: z.boolean().optional(),
});

const servicePointChanges = z.object({
  code: code.optional(),
  name: name.optional(),
  discoveryName: z.string().trim().max(200).nullable().optional(),
  libraryId: id.nullable().optional(),
  isPickupPoint: z.boolean().optional(),
  holdShelfExpiryDays: z.number().int().min(0).max(365).optional(),
  timeZone: z.string().trim().min(1).max(64).nullable().optional(),
  active: z.boolean().optional(),
  locationIds: z.array(id).max(500).optional(),
});

export async function orgRoutes(app: CarrelApp, deps: RouteDeps): Promise<void> {
  const { db, clock } = deps;

  app.get('/institution', { config: { access: 'org.read' }, schema: { tags: ['org'], summary: "The signed-in staff member's institution", response: { 200: institutionReply } } }, async (request) => {
    const institution = await requireInstitution(db, staffOf(request).institutionId);
    return { id: institution.id, code: institution.code, name: institution.name, currency: institution.currency, timeZone: institution.time_zone, locale: institution.locale };
  });

  app.get('/campuses', { config: { access: 'org.read' }, schema: { tags: ['org'], summary: 'Campuses of the institution', response: { 200: campusesReply } } }, async (request) => {
    const items = await campusesOfInstitution(db, staffOf(request).institutionId);
    return { items, total: items.length };
  });

  app.get('/libraries', { config: { access: 'org.read' }, schema: { tags: ['org'], summary: 'Libraries of the institution, with their campus', response: { 200: librariesReply } } }, async (request) => {
    const items = await librariesOfInstitution(db, staffOf(request).institutionId);
    return { items, total: items.length };
  });

  app.get(
    '/locations',
    {
      config: { access: 'org.read' },
      schema: {
        tags: ['org'],
        summary: 'Shelving locations with their library, campus and the service points that serve them',
        querystring: pageQuery.extend({ libraryId: id.optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: locationsReply },
      },
    },
    async (request) => locationsPage(db, { institutionId: staffOf(request).institutionId, ...request.query }),
  );

  app.post(
    '/locations',
    {
      config: { access: 'org.edit' },
      schema: { tags: ['org'], summary: 'Create a shelving location', body: locationChanges.extend({ code, name, libraryId: id }), response: { 201: locationReply } },
    },
    async (request, reply) => reply.status(201).send(await createLocation(db, clock, actorOf(request), request.body)),
  );

  app.patch(
    '/locations/:id',
    {
      config: { access: 'org.edit' },
      schema: { tags: ['org'], summary: 'Change a shelving location: name, code, library, the service points that serve it', params: idParams, body: locationChanges, response: { 200: locationReply } },
    },
    async (request) => updateLocation(db, clock, actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/service-points',
    {
      config: { access: 'org.read' },
      schema: {
        tags: ['org'],
        summary: 'Service points (desks) with their library, effective time zone and the locations they serve',
        querystring: pageQuery.extend({ pickupPointsOnly: z.stringbool().optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: servicePointsReply },
      },
    },
    async (request) => servicePointsPage(db, staffOf(request).institutionId, request.query),
  );

  app.get(
    '/service-points/:id',
    { config: { access: 'org.read' }, schema: { tags: ['org'], summary: 'One service point', params: idParams, response: { 200: servicePointReply } } },
    async (request) => requireServicePoint(db, staffOf(request).institutionId, request.params.id),
  );

  app.post(
    '/service-points',
    {
      config: { access: 'org.edit' },
      schema: { tags: ['org'], summary: 'Create a service point', body: servicePointChanges.extend({ code, name }), response: { 201: servicePointReply } },
    },
    async (request, reply) => reply.status(201).send(await createServicePoint(db, clock, actorOf(request), request.body)),
  );

  app.patch(
    '/service-points/:id',
    {
      config: { access: 'org.edit' },
      schema: {
        tags: ['org'],
        summary: 'Change a service point: locations served, pickup point, hold shelf expiry days, time zone (null follows the institution)',
        params: idParams,
        body: servicePointChanges,
        response: { 200: servicePointReply },
      },
    },
    async (request) => updateServicePoint(db, clock, actorOf(request), request.params.id, request.body),
  );

  await calendarRoutes(app, deps);
}
