import { beforeAll, expect, it } from 'vitest';
import { claimDailyJobRun, claimedJobNames, finishJobRun, jobRunLeaseMinutes } from '../../src/modules/jobs/job-run.queries.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';

describeOnBothDatabases('a daily job whose node died mid-run', (database) => {
  let library: InstitutionFixture;
  // 09:00 in Los Angeles on Monday 2 November 2026
  const started = new Date('2026-11-02T17:00:00Z');
  const minutesLater = (minutes: number) => new Date(started.getTime() + minutes * 60_000);

  beforeAll(async () => {
    library = await makeInstitution(database().db);
  });

  it('stays with the node that claimed it until the lease runs out, then another node takes it over', async () => {
    const { db } = database();
    expect((await claimDailyJobRun(db, 'fine-accrual', library.institutionId, started)).claimed).toBe(true);
    // The first node is killed here: its run never finishes.
    expect((await claimDailyJobRun(db, 'fine-accrual', library.institutionId, minutesLater(30))).claimed).toBe(false);
    expect(await claimedJobNames(db, library.institutionId, '2026-11-02', minutesLater(30))).toContain('fine-accrual');

    const afterLease = minutesLater(jobRunLeaseMinutes + 1);
    expect(await claimedJobNames(db, library.institutionId, '2026-11-02', afterLease)).not.toContain('fine-accrual');
    const [takeover, rival] = await Promise.all([
      claimDailyJobRun(db, 'fine-accrual', library.institutionId, afterLease),
      claimDailyJobRun(db, 'fine-accrual', library.institutionId, afterLease),
    ]);
    expect([takeover.claimed, rival.claimed].filter(Boolean)).toHaveLength(1);

    await finishJobRun(db, 'fine-accrual', takeover.runKey, library.institutionId, minutesLater(jobRunLeaseMinutes + 5), { raised: 0 });
    expect((await claimDailyJobRun(db, 'fine-accrual', library.institutionId, minutesLater(6 * 60))).claimed).toBe(false);
    expect(await claimedJobNames(db, library.institutionId, '2026-11-02', minutesLater(6 * 60))).toContain('fine-accrual');
  });
});
