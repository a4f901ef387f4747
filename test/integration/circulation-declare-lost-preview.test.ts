import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { checkOutVia, makeDesk } from '../support/factories/desk.ts';
import type { InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import type { StaffSession } from '../support/http.ts';

describeOnBothDatabases('declaring an item lost: what it would charge, before confirming', (database) => {
  const clock = fixedClock('2026-11-02T17:00:00Z');
  let app: FastifyInstance;
  let library: InstitutionFixture;
  let technician: StaffSession;
  let studentWorker: StaffSession;
  const db = () => database().db;

  beforeAll(async () => {
    ({ app, library, technician, studentWorker } = await makeDesk(database(), clock, { lostItemPolicy: { chargeReplacementCost: false, defaultReplacementCents: 4500, processingFeeCents: 1000 } }));
  });
  afterAll(async () => app.close());

  it('answers the replacement and processing charges without changing the loan, and charges exactly those when confirmed', async () => {
    const reader = await makePatron(db(), library.institutionId);
    const { barcodes, itemIds } = await makeInstance(db(), library, { title: 'Gone Astray' });
    const lent = await checkOutVia(technician, { patronBarcode: reader.barcode, itemBarcode: barcodes[0], servicePointId: library.servicePointId });
    const loanId = lent.json().loan.id as string;
    const url = `/api/v1/circulation/loans/${loanId}/declare-lost`;

    const preview = await technician.request({ method: 'POST', url, payload: { dryRun: true } });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({
      dryRun: true,
      charges: [
        { feeType: 'lost-item-replacement', amountCents: 4500 },
        { feeType: 'lost-item-processing', amountCents: 1000 },
      ],
    });
    const loan = await db().selectFrom('loan').select('state').where('id', '=', loanId).executeTakeFirstOrThrow();
    expect(loan.state).toBe('checked-out');
    expect((await db().selectFrom('item').select('status').where('id', '=', itemIds[0]!).executeTakeFirstOrThrow()).status).toBe('checked-out');
    expect((await technician.request({ method: 'GET', url: `/api/v1/patrons/${reader.id}/fees` })).json().balanceCents).toBe(0);

    expect((await technician.request({ method: 'POST', url, payload: { reason: 'Left on the bus' } })).json().loan.state).toBe('declared-lost');
    expect((await technician.request({ method: 'GET', url: `/api/v1/patrons/${reader.id}/fees` })).json().balanceCents).toBe(5500);

    // Once lost, the preview says why it cannot be declared lost again.
    const again = await technician.request({ method: 'POST', url, payload: { dryRun: true } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('A loan that is declared lost cannot be declared lost.');
  });

  it('needs the declare-lost permission even for the preview', async () => {
    const reader = await makePatron(db(), library.institutionId);
    const { barcodes } = await makeInstance(db(), library, { title: 'Mislaid' });
    const lent = await checkOutVia(technician, { patronBarcode: reader.barcode, itemBarcode: barcodes[0], servicePointId: library.servicePointId });
    const reply = await studentWorker.request({ method: 'POST', url: `/api/v1/circulation/loans/${lent.json().loan.id}/declare-lost`, payload: { dryRun: true } });
    expect(reply.statusCode).toBe(403);
  });
});
