import { expect, it } from 'vitest';
import { listAuditEvents } from '../../src/modules/audit/audit.queries.ts';
import { createCampus, createInstitution, createLibrary } from '../../src/modules/org/org.service.ts';
import { listRoles } from '../../src/modules/staff/staff.queries.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';

describeOnBothDatabases('org: creating an institution', (database) => {
  const clock = fixedClock('2026-11-02T17:00:00Z');

  it('creates the institution with its built-in roles and audits it', async () => {
    const { db } = database();
    const { id } = await createInstitution(db, clock, { code: 'NWC', name: 'Northwest College', currency: 'USD', timeZone: 'America/Los_Angeles' });
    const roles = await listRoles(db, id);
    expect(roles.map((role) => role.code).sort()).toEqual(['administrator', 'student-worker', 'supervisor', 'technician']);
    const audit = await listAuditEvents(db, { institutionId: id, action: 'institution.create', limit: 10, offset: 0 });
    expect(audit.items[0]).toMatchObject({ actor: { kind: 'system' }, after: { code: 'NWC', timeZone: 'America/Los_Angeles' } });

    const actor = { kind: 'system' as const, id: null, name: 'seed', institutionId: id };
    const campus = await createCampus(db, clock, actor, { code: 'NORTH', name: 'North campus' });
    const library = await createLibrary(db, clock, actor, { campusId: campus.id, code: 'NLIB', name: 'North Library' });
    expect(library.id).toBeTruthy();
  });

  it('refuses a duplicate code, an unknown time zone and a currency that is not ISO 4217', async () => {
    const { db } = database();
    await expect(createInstitution(db, clock, { code: 'NWC', name: 'Again', currency: 'USD', timeZone: 'America/Los_Angeles' })).rejects.toMatchObject({ code: 'DUPLICATE_CODE' });
    await expect(createInstitution(db, clock, { code: 'X1', name: 'X', currency: 'USD', timeZone: 'Mars/Olympus' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(createInstitution(db, clock, { code: 'X2', name: 'X', currency: 'dollars', timeZone: 'UTC' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
