import { expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.ts';
import { DomainError } from '../../src/platform/errors.ts';
import { inTransaction } from '../../src/platform/service-context.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstitution } from '../support/factories/institution.ts';
import { testServiceContext } from '../support/service-context.ts';

/** A use case's events go out only once its transaction committed: a refusal half-way announces nothing. */
describeOnBothDatabases('domain events after commit', (database) => {
  const clock = fixedClock('2026-12-03T15:00:00Z');

  it('publishes what a committed transaction raised, and nothing from one that rolled back', async () => {
    const library = await makeInstitution(database().db);
    const context = testServiceContext(database().db, clock);
    const seenInsideTransaction: number[] = [];
    context.events.subscribe('fee.paid', (event) => {
      seenInsideTransaction.push(event.amountCents);
    });

    await inTransaction(context, async (trx, raise) => {
      await trx.updateTable('institution').set({ name: 'Riverside College Library' }).where('id', '=', library.institutionId).execute();
      raise({ type: 'fee.paid', institutionId: library.institutionId, paymentId: 'payment-1', patronId: 'patron-1', amountCents: 500 });
      // Raised, not yet published: a subscriber must never act on a change that may still roll back.
      expect(seenInsideTransaction).toEqual([]);
    });
    expect(seenInsideTransaction).toEqual([500]);

    const refused = inTransaction(context, async (trx, raise) => {
      await trx.updateTable('institution').set({ name: 'Renamed by mistake' }).where('id', '=', library.institutionId).execute();
      raise({ type: 'fee.paid', institutionId: library.institutionId, paymentId: 'payment-2', patronId: 'patron-1', amountCents: 75 });
      throw new DomainError('VALIDATION_FAILED', 'The amount is more than the patron owes.');
    });
    await expect(refused).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(seenInsideTransaction).toEqual([500]);
    expect(context.events.published.map((event) => event.type)).toEqual(['fee.paid']);
    const institution = await database().db.selectFrom('institution').select('name').where('id', '=', library.institutionId).executeTakeFirstOrThrow();
    expect(institution.name).toBe('Riverside College Library');
  });
});
