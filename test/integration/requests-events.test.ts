import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../src/modules/audit/index.ts';
import { cancelRequest, placeRequest } from '../../src/modules/requests/index.ts';
import { runHoldShelfExpiry } from '../../src/modules/requests/hold-shelf.service.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { checkInVia, checkOutVia, makeDesk } from '../support/factories/desk.ts';
import type { InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { testServiceContext } from '../support/service-context.ts';
import type { StaffSession } from '../support/http.ts';

describeOnBothDatabases('requests announce what happened once it is committed', (database) => {
  // Monday 2 November 2026, 09:00 in Los Angeles
  const clock = fixedClock('2026-11-02T17:00:00Z');
  let app: FastifyInstance;
  let library: InstitutionFixture;
  let technician: StaffSession;
  let actor: Actor;
  const db = () => database().db;

  beforeAll(async () => {
    ({ app, library, technician } = await makeDesk(database(), clock));
    actor = { kind: 'system', id: null, name: 'test', institutionId: library.institutionId };
  });
  afterAll(async () => app.close());

  it('a placed request is announced; a refused one is not', async () => {
    const ctx = testServiceContext(db(), clock);
    const reader = await makePatron(db(), library.institutionId);
    const shelved = await makeInstance(db(), library, { title: 'On the shelf' });
    const page = await placeRequest(ctx, actor, { patronBarcode: reader.barcode, itemBarcode: shelved.barcodes[0], pickupServicePointId: library.servicePointId });
    expect(ctx.events.published).toEqual([{ type: 'request.placed', institutionId: library.institutionId, requestId: page.id, patronId: reader.id, requestType: 'page' }]);
    await expect(placeRequest(ctx, actor, { type: 'hold', patronBarcode: reader.barcode, itemBarcode: shelved.barcodes[0], pickupServicePointId: library.servicePointId })).rejects.toMatchObject({ code: 'REQUEST_REFUSED' });
    expect(ctx.events.published).toHaveLength(1);
  });

  it('cancelling a hold on the shelf closes it and puts the item on the shelf for the next patron; an uncollected hold closes as pickup-expired', async () => {
    const borrower = await makePatron(db(), library.institutionId);
    const [first, second] = [await makePatron(db(), library.institutionId), await makePatron(db(), library.institutionId)];
    const book = await makeInstance(db(), library, { title: 'Wanted twice' });
    const itemBarcode = book.barcodes[0]!;
    expect((await checkOutVia(technician, { patronBarcode: borrower.barcode, itemBarcode, servicePointId: library.servicePointId })).statusCode).toBe(201);
    const ctx = testServiceContext(db(), clock);
    const firstHold = await placeRequest(ctx, actor, { type: 'hold', patronBarcode: first.barcode, itemBarcode, pickupServicePointId: library.servicePointId });
    const secondHold = await placeRequest(ctx, actor, { type: 'hold', patronBarcode: second.barcode, itemBarcode, pickupServicePointId: library.servicePointId });
    expect((await checkInVia(technician, { itemBarcode, servicePointId: library.servicePointId })).statusCode).toBe(200);

    const cancelling = testServiceContext(db(), clock);
    await cancelRequest(cancelling, actor, firstHold.id, 'Patron moved away');
    const itemId = firstHold.item!.id;
    expect(cancelling.events.published).toEqual([
      { type: 'hold.awaiting-pickup', institutionId: library.institutionId, requestId: secondHold.id, itemId, patronId: second.id, pickupServicePointId: library.servicePointId },
      { type: 'request.closed', institutionId: library.institutionId, requestId: firstHold.id, patronId: first.id, status: 'closed-cancelled' },
    ]);

    // a month later the second patron has not come
    const monthLater = fixedClock('2026-12-02T17:00:00Z');
    const morning = testServiceContext(db(), monthLater);
    const run = await runHoldShelfExpiry(morning, library.institutionId);
    expect(run.expired.map((entry) => entry.requestId)).toContain(secondHold.id);
    expect(morning.events.published).toContainEqual({ type: 'request.closed', institutionId: library.institutionId, requestId: secondHold.id, patronId: second.id, status: 'closed-pickup-expired' });
  });
});
