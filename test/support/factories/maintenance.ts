import type { CarrelDatabase } from '../../../src/db/database.ts';
import { payFees } from '../../../src/modules/fees/fee-payment.service.ts';
import type { Clock } from '../../../src/platform/clock.ts';
import { makeInstance } from './catalog.ts';
import { checkInVia, checkOutVia, makeDesk, type DeskFixture } from './desk.ts';
import { chargeTestFee, feeStaffWithRole } from './fee-ledger.ts';
import { makePatron } from './patrons.ts';
import { placedRequest } from './requests.ts';
import { testServiceContext } from '../service-context.ts';

export interface BusyLibrary extends DeskFixture {
  reader: { id: string; barcode: string };
  /** The book out to the reader, with two holds queued on it (places 1 and 2). */
  rivers: { instanceId: string; itemIds: string[]; barcodes: string[] };
  /** Back from the reader and on the hold shelf for `waiting`. */
  volcanoes: { instanceId: string; itemIds: string[]; barcodes: string[] };
  waiting: { id: string; barcode: string };
  loanId: string;
  queuedRequestIds: string[];
  awaitingRequestId: string;
  feeId: string;
  paymentActionId: string;
}

/**
 * A library in the middle of a day, made through the desk's own services: a loan out, a queue of
 * holds, an item on the hold shelf, a fee partly paid, audit and circulation events. Every
 * integrity rule holds; tests break one at a time.
 */
export async function makeBusyLibrary(database: CarrelDatabase, clock: Clock): Promise<BusyLibrary> {
  const desk = await makeDesk(database, clock);
  const { library, technician } = desk;
  const db = database.db;
  const servicePointId = library.servicePointId;
  const [reader, waiting, first, second] = [
    await makePatron(db, library.institutionId, { firstName: 'Rosa', lastName: 'Reader' }),
    await makePatron(db, library.institutionId, { firstName: 'Wen', lastName: 'Waiting' }),
    await makePatron(db, library.institutionId),
    await makePatron(db, library.institutionId),
  ];
  const rivers = await makeInstance(db, library, { title: 'Rivers of the Willamette Valley', contributors: ['Ada Brook'], subjects: ['Hydrology'], isbns: ['9780000000019'] }, [{}, {}]);
  const volcanoes = await makeInstance(db, library, { title: 'Cascade Volcanoes', contributors: ['Jónas Eldfell'] }, [{}]);
  for (const barcode of [rivers.barcodes[0], volcanoes.barcodes[0]]) {
    const reply = await checkOutVia(technician, { patronBarcode: reader.barcode, itemBarcode: barcode, servicePointId });
    if (reply.statusCode !== 201) throw new Error(reply.body);
  }
  const queued = [
    await placedRequest(technician, { type: 'hold', patronBarcode: first.barcode, itemBarcode: rivers.barcodes[0], pickupServicePointId: servicePointId }),
    await placedRequest(technician, { type: 'hold', patronBarcode: second.barcode, itemBarcode: rivers.barcodes[0], pickupServicePointId: servicePointId }),
  ];
  const awaiting = await placedRequest(technician, { type: 'hold', patronBarcode: waiting.barcode, itemBarcode: volcanoes.barcodes[0], pickupServicePointId: servicePointId });
  const checkedIn = await checkInVia(technician, { itemBarcode: volcanoes.barcodes[0], servicePointId });
  if (checkedIn.json().action !== 'hold-shelf') throw new Error(checkedIn.body);

  const fee = await chargeTestFee(db, library.institutionId, reader.id, { amountCents: 1500, at: clock.now() });
  await payFees(testServiceContext(db, clock), feeStaffWithRole(library.institutionId, 'supervisor'), reader.id, { amountCents: 500, method: 'cash', feeIds: [fee.id], servicePointId });
  const loan = await db.selectFrom('loan').select('id').where('item_id', '=', rivers.itemIds[0]!).where('status', '=', 'open').executeTakeFirstOrThrow();
  const payment = await db.selectFrom('fee_action').select('id').where('fee_id', '=', fee.id).executeTakeFirstOrThrow();
  return {
    ...desk,
    reader,
    waiting,
    rivers,
    volcanoes,
    loanId: loan.id,
    queuedRequestIds: queued.map((request) => request.id),
    awaitingRequestId: awaiting.id,
    feeId: fee.id,
    paymentActionId: payment.id,
  };
}
