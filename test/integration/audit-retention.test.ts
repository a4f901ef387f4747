import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { recordAuditEvent, type Actor } from '../../src/modules/audit/audit.queries.ts';
import { runNamedJob } from '../../src/jobs/job-catalog.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { buildTestApp, signInAs } from '../support/http.ts';
import { testServiceContext } from '../support/service-context.ts';

/** The audit log keeps events for the institution's retention period; a daily job deletes older ones. */
describeOnBothDatabases('audit log retention', (database) => {
  // 03:30 in Los Angeles (the test institution's zone) on 3 December 2026
  const clock = fixedClock('2026-12-03T11:30:00Z');
  let app: FastifyInstance;
  const db = () => database().db;

  beforeAll(async () => {
    ({ app } = await buildTestApp(database(), clock));
  });
  afterAll(async () => app.close());

  async function libraryWithEventsFrom(...dates: string[]): Promise<InstitutionFixture> {
    const library = await makeInstitution(db());
    const actor: Actor = { kind: 'staff', id: null, name: 'morgan.lee', institutionId: library.institutionId };
    for (const at of dates) await recordAuditEvent(db(), actor, new Date(at), { action: 'patron.update', entityType: 'patron', entityId: at });
    await recordAuditEvent(db(), actor, new Date('2020-01-01T00:00:00Z'), { action: 'fee.payment', entityType: 'fee', entityId: 'an old payment' });
    return library;
  }
  const remaining = async (institutionId: string) =>
    (await db().selectFrom('audit_event').select('entity_id').where('institution_id', '=', institutionId).where('action', '!=', 'audit.retention').orderBy('entity_id').execute()).map((row) => row.entity_id);

  async function administratorOf(library: InstitutionFixture) {
    const admin = await makeStaff(db(), library.institutionId, { roleCode: 'administrator' });
    return signInAs(app, admin.username, admin.password);
  }

  it('deletes events older than two years by default, fee events too, once a day, and records that it did', async () => {
    const library = await libraryWithEventsFrom('2024-12-02T11:00:00Z', '2024-12-04T09:00:00Z', '2026-12-01T12:00:00Z');
    const other = await libraryWithEventsFrom('2024-06-01T00:00:00Z');
    await db().insertInto('audit_settings').values({ institution_id: other.institutionId, retention_days: null, updated_at: clock.now().toISOString(), updated_by: null }).execute();

    const run = await runNamedJob('audit-retention', testServiceContext(db(), clock), library.institutionId, { dataDir: '/nonexistent' });
    expect(run).toMatchObject({ runKey: '2026-12-03', alreadyRan: false, summary: '2 audit event(s) from before 2024-12-03T11:30:00.000Z deleted' });
    expect(await remaining(library.institutionId)).toEqual(['2024-12-04T09:00:00Z', '2026-12-01T12:00:00Z']);
    const record = await db().selectFrom('audit_event').selectAll().where('institution_id', '=', library.institutionId).where('action', '=', 'audit.retention').executeTakeFirstOrThrow();
    expect(record).toMatchObject({ actor_kind: 'system', entity_type: 'audit_settings' });
    expect(JSON.parse(record.after!)).toEqual({ deleted: 2, olderThan: '2024-12-03T11:30:00.000Z', retentionDays: 730 });

    // Later the same day: already done, nothing more deleted.
    clock.advance(2 * 3600_000);
    await recordAuditEvent(db(), { kind: 'staff', id: null, name: 'x', institutionId: library.institutionId }, new Date('2023-01-01T00:00:00Z'), { action: 'patron.update', entityType: 'patron', entityId: 'imported late' });
    expect(await runNamedJob('audit-retention', testServiceContext(db(), clock), library.institutionId, { dataDir: '/nonexistent' })).toMatchObject({ alreadyRan: true });
    expect(await remaining(library.institutionId)).toContain('imported late');
    clock.set('2026-12-03T11:30:00Z');

    // An institution that keeps its audit log for ever loses nothing.
    expect(await runNamedJob('audit-retention', testServiceContext(db(), clock), other.institutionId, { dataDir: '/nonexistent' })).toMatchObject({ alreadyRan: false, summary: 'audit events are kept for ever' });
    expect(await remaining(other.institutionId)).toEqual(['2024-06-01T00:00:00Z', 'an old payment']);
  });

  it('lets an administrator shorten the retention, or keep events for ever with 0, and audits the change; a supervisor may only read it', async () => {
    const library = await libraryWithEventsFrom('2026-08-01T00:00:00Z', '2026-10-01T00:00:00Z');
    const admin = await administratorOf(library);
    expect((await admin.request({ method: 'GET', url: '/api/v1/audit-settings' })).json()).toEqual({ retentionDays: 730, defaultRetentionDays: 730 });

    const saved = await admin.request({ method: 'PUT', url: '/api/v1/audit-settings', payload: { retentionDays: 90 } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toEqual({ retentionDays: 90, defaultRetentionDays: 730 });
    await runNamedJob('audit-retention', testServiceContext(db(), clock), library.institutionId, { dataDir: '/nonexistent' });
    // 90 days before 3 December is 4 September: August goes, October stays, and so does the change itself.
    const left = await remaining(library.institutionId);
    expect(left).toContain('2026-10-01T00:00:00Z');
    expect(left).not.toContain('2026-08-01T00:00:00Z');
    const change = await db().selectFrom('audit_event').selectAll().where('institution_id', '=', library.institutionId).where('action', '=', 'audit-settings.update').executeTakeFirstOrThrow();
    expect([JSON.parse(change.before!), JSON.parse(change.after!)]).toEqual([{ retentionDays: 730 }, { retentionDays: 90 }]);

    const forever = await admin.request({ method: 'PUT', url: '/api/v1/audit-settings', payload: { retentionDays: 0 } });
    expect(forever.json()).toEqual({ retentionDays: null, defaultRetentionDays: 730 });
    expect((await admin.request({ method: 'PUT', url: '/api/v1/audit-settings', payload: { retentionDays: -5 } })).statusCode).toBe(400);

    const supervisorAccount = await makeStaff(db(), library.institutionId, { roleCode: 'supervisor' });
    const supervisor = await signInAs(app, supervisorAccount.username, supervisorAccount.password);
    expect((await supervisor.request({ method: 'GET', url: '/api/v1/audit-settings' })).json()).toMatchObject({ retentionDays: null });
    const refused = await supervisor.request({ method: 'PUT', url: '/api/v1/audit-settings', payload: { retentionDays: 1 } });
    expect(refused.statusCode).toBe(403);
  });
});
