import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { buildTestApp, signInAs, type StaffSession } from '../support/http.ts';

describeOnBothDatabases('org: institution, locations and service points', (database) => {
  const clock = fixedClock('2026-11-02T17:00:00Z');
  let app: FastifyInstance;
  let college: InstitutionFixture;
  let admin: StaffSession;

  beforeAll(async () => {
    ({ app } = await buildTestApp(database(), clock));
    college = await makeInstitution(database().db, { timeZone: 'America/Los_Angeles' });
    const staff = await makeStaff(database().db, college.institutionId, { roleCode: 'administrator' });
    admin = await signInAs(app, staff.username, staff.password);
  });
  afterAll(async () => app.close());

  it("answers the caller's institution, campuses and libraries", async () => {
    const institution = await admin.request({ method: 'GET', url: '/api/v1/institution' });
    expect(institution.json()).toMatchObject({ id: college.institutionId, code: college.code, currency: 'USD', timeZone: 'America/Los_Angeles' });
    const campuses = await admin.request({ method: 'GET', url: '/api/v1/campuses' });
    expect(campuses.json()).toEqual({ items: [{ id: college.campusId, code: 'MAIN', name: 'Main campus' }], total: 1 });
    const libraries = await admin.request({ method: 'GET', url: '/api/v1/libraries' });
    expect(libraries.json().items[0]).toMatchObject({ id: college.libraryId, name: 'Main Library', campus: { name: 'Main campus' } });
  });

  it('lists service points in the stable shape, with the effective time zone', async () => {
    const reply = await admin.request({ method: 'GET', url: '/api/v1/service-points' });
    expect(reply.statusCode).toBe(200);
    expect(reply.json().total).toBeGreaterThanOrEqual(1);
    const circulation = reply.json().items.find((item: { id: string }) => item.id === college.servicePointId);
    expect(circulation).toMatchObject({
      id: college.servicePointId,
      code: 'CIRC',
      name: 'Main Circulation Desk',
      discoveryName: null,
      isPickupPoint: true,
      holdShelfExpiryDays: 7,
      timeZone: 'America/Los_Angeles',
      library: { id: college.libraryId, code: 'MAINLIB', name: 'Main Library' },
      locationIds: [college.locationId],
    });
  });

  it('creates a pickup desk serving a location, changes it, and audits both with before and after', async () => {
    const created = await admin.request({
      method: 'POST',
      url: '/api/v1/service-points',
      payload: { code: 'SCI', name: 'Science Library Desk', libraryId: college.libraryId, isPickupPoint: true, holdShelfExpiryDays: 10, locationIds: [college.locationId] },
    });
    expect(created.statusCode).toBe(201);
    const desk = created.json();
    expect(desk).toMatchObject({ code: 'SCI', isPickupPoint: true, holdShelfExpiryDays: 10, timeZone: 'America/Los_Angeles', locationIds: [college.locationId] });

    const changed = await admin.request({
      method: 'PATCH',
      url: `/api/v1/service-points/${desk.id}`,
      payload: { timeZone: 'America/Denver', holdShelfExpiryDays: 5, isPickupPoint: false, locationIds: [] },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ timeZone: 'America/Denver', holdShelfExpiryDays: 5, isPickupPoint: false, locationIds: [] });

    const audit = await admin.request({ method: 'GET', url: `/api/v1/audit-events?entityId=${desk.id}` });
    const actions = audit.json().items.map((event: { action: string }) => event.action);
    expect(actions).toEqual(expect.arrayContaining(['service-point.create', 'service-point.update']));
    const update = audit.json().items.find((event: { action: string }) => event.action === 'service-point.update');
    expect(update.before).toMatchObject({ holdShelfExpiryDays: 10, timeZone: 'America/Los_Angeles' });
    expect(update.after).toMatchObject({ holdShelfExpiryDays: 5, timeZone: 'America/Denver' });

    const pickupOnly = await admin.request({ method: 'GET', url: '/api/v1/service-points?pickupPointsOnly=true' });
    expect(pickupOnly.json().items.map((item: { id: string }) => item.id)).not.toContain(desk.id);
  });

  it('refuses a time zone that is not IANA, a negative expiry and a duplicate code', async () => {
    const badZone = await admin.request({ method: 'PATCH', url: `/api/v1/service-points/${college.servicePointId}`, payload: { timeZone: 'Pacific Time' } });
    expect(badZone.statusCode).toBe(400);
    expect(badZone.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('IANA time zone') });
    const negative = await admin.request({ method: 'PATCH', url: `/api/v1/service-points/${college.servicePointId}`, payload: { holdShelfExpiryDays: -1 } });
    expect(negative.json().error.code).toBe('VALIDATION_FAILED');
    const duplicate = await admin.request({ method: 'POST', url: '/api/v1/service-points', payload: { code: 'CIRC', name: 'Another' } });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('DUPLICATE_CODE');
  });

  it('answers unknown service points and locations with 404', async () => {
    const missing = await admin.request({ method: 'GET', url: '/api/v1/service-points/00000000-0000-4000-8000-000000000000' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('SERVICE_POINT_NOT_FOUND');
    const unknownLocation = await admin.request({
      method: 'PATCH',
      url: `/api/v1/service-points/${college.servicePointId}`,
      payload: { locationIds: ['00000000-0000-4000-8000-000000000000'] },
    });
    expect(unknownLocation.statusCode).toBe(404);
    expect(unknownLocation.json().error.code).toBe('LOCATION_NOT_FOUND');
    const patchLocation = await admin.request({ method: 'PATCH', url: '/api/v1/locations/00000000-0000-4000-8000-000000000000', payload: { name: 'X' } });
    expect(patchLocation.json().error.code).toBe('LOCATION_NOT_FOUND');
  });

  it('creates and edits a shelving location, listing the desks that serve it', async () => {
    const created = await admin.request({
      method: 'POST',
      url: '/api/v1/locations',
      payload: { code: 'RESERVE', name: 'Course Reserves', libraryId: college.libraryId, primaryServicePointId: college.servicePointId },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      name: 'Course Reserves',
      library: { name: 'Main Library' },
      campus: { name: 'Main campus' },
      primaryServicePointId: college.servicePointId,
      servicePoints: [{ id: college.servicePointId, code: 'CIRC', name: 'Main Circulation Desk' }],
    });
    const renamed = await admin.request({ method: 'PATCH', url: `/api/v1/locations/${created.json().id}`, payload: { name: 'Reserves (2 hours)', active: false } });
    expect(renamed.json()).toMatchObject({ name: 'Reserves (2 hours)', active: false });
    const list = await admin.request({ method: 'GET', url: '/api/v1/locations' });
    expect(list.json().items.map((location: { code: string }) => location.code)).toEqual(expect.arrayContaining(['STACKS', 'RESERVE']));
    const audit = await admin.request({ method: 'GET', url: `/api/v1/audit-events?entityId=${created.json().id}&action=location.update` });
    expect(audit.json().items[0]).toMatchObject({ before: { name: 'Course Reserves' }, after: { name: 'Reserves (2 hours)' } });
  });

  it('lets a student worker read service points but not change them', async () => {
    const student = await makeStaff(database().db, college.institutionId, { roleCode: 'student-worker' });
    const session = await signInAs(app, student.username, student.password);
    expect((await session.request({ method: 'GET', url: '/api/v1/service-points' })).statusCode).toBe(200);
    const refused = await session.request({ method: 'PATCH', url: `/api/v1/service-points/${college.servicePointId}`, payload: { holdShelfExpiryDays: 3 } });
    expect(refused.statusCode).toBe(403);
  });

  it("keeps another institution's staff out of this institution's service points, locations and calendars (404, not 403)", async () => {
    const other = await makeInstitution(database().db);
    const outsider = await makeStaff(database().db, other.institutionId, { roleCode: 'administrator' });
    const session = await signInAs(app, outsider.username, outsider.password);
    const list = await session.request({ method: 'GET', url: '/api/v1/service-points' });
    expect(list.json().items.map((item: { id: string }) => item.id)).toEqual([other.servicePointId]);
    const locations = await session.request({ method: 'GET', url: '/api/v1/locations' });
    expect(locations.json().items.map((item: { id: string }) => item.id)).toEqual([other.locationId]);

    const attempts = [
      { method: 'GET' as const, url: `/api/v1/service-points/${college.servicePointId}` },
      { method: 'PATCH' as const, url: `/api/v1/service-points/${college.servicePointId}`, payload: { name: 'Mine now' } },
      { method: 'GET' as const, url: `/api/v1/service-points/${college.servicePointId}/calendar` },
      { method: 'GET' as const, url: `/api/v1/service-points/${college.servicePointId}/calendar/open?at=2026-11-02T17:00:00Z` },
      { method: 'PUT' as const, url: `/api/v1/service-points/${college.servicePointId}/calendar/hours`, payload: { hours: [] } },
      {
        method: 'POST' as const,
        url: `/api/v1/service-points/${college.servicePointId}/calendar/exceptions`,
        payload: { name: 'Closed', kind: 'closed', startDate: '2026-12-01', endDate: '2026-12-01' },
      },
    ];
    for (const attempt of attempts) {
      const reply = await session.request(attempt);
      expect(reply.statusCode, `${attempt.method} ${attempt.url}`).toBe(404);
      expect(reply.json().error.code).toBe('SERVICE_POINT_NOT_FOUND');
    }
    const location = await session.request({ method: 'PATCH', url: `/api/v1/locations/${college.locationId}`, payload: { name: 'Mine now' } });
    expect(location.statusCode).toBe(404);
    const borrowed = await session.request({ method: 'PATCH', url: `/api/v1/service-points/${other.servicePointId}`, payload: { locationIds: [college.locationId] } });
    expect(borrowed.json().error.code).toBe('LOCATION_NOT_FOUND');

    const own = await admin.request({ method: 'GET', url: `/api/v1/service-points/${college.servicePointId}` });
    expect(own.json().name).toBe('Main Circulation Desk');
  });
});
