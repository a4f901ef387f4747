import { randomUUID } from 'node:crypto';
import type { CarrelDatabase } from '../../../src/db/database.ts';
import { runBursarTransfer } from '../../../src/modules/fees/bursar-transfer.service.ts';
import { addCalendarException } from '../../../src/modules/org/calendar.service.ts';
import { addPatronBlock } from '../../../src/modules/patrons/patron-block.service.ts';
import { addPatronNote } from '../../../src/modules/patrons/patron-note.service.ts';
import { setPatronPin } from '../../../src/modules/patrons/patron.service.ts';
import type { Clock } from '../../../src/platform/clock.ts';
import { chargeTestFee, feeStaffWithRole, makeWaiverReason, systemActor } from './fee-ledger.ts';
import { makeBusyLibrary, type BusyLibrary } from './maintenance.ts';
import { makeSipAccount } from './sip.ts';
import { makeStaff } from './staff.ts';

/** The id to put in a route's path, keyed by the path segment the parameter follows ('patrons', 'loans', …). */
export type RouteIds = Record<string, string>;

export interface StockedLibrary extends BusyLibrary {
  ids: RouteIds;
  /** Secrets stored in this library: none may ever come back from the API or reach the log. */
  secrets: { patronPin: string; staffPassword: string; sipPassword: string };
  admin: { username: string; password: string };
}

/**
 * A busy library with one row behind every kind of id a route takes: a patron with notes, a block
 * and a PIN, items, a loan, fees, a receipt, requests, a bursar batch, a calendar closure, policies,
 * rules, staff and roles, and a SIP account. The desk's own app is closed; use your own.
 */
export async function makeStockedLibrary(database: CarrelDatabase, clock: Clock): Promise<StockedLibrary> {
  const busy = await makeBusyLibrary(database, clock);
  await busy.app.close();
  const db = database.db;
  const { institutionId, servicePointId, locationId } = busy.library;
  const actor = systemActor(institutionId);
  const secrets = { patronPin: '731946', staffPassword: 'plum tree sideways', sipPassword: 'kiosk-never-shown-42' };

  await setPatronPin(db, clock, actor, busy.reader.id, secrets.patronPin);
  const note = await addPatronNote(db, clock, actor, busy.reader.id, { kind: 'staff', text: 'Prefers email' });
  const block = await addPatronBlock(db, clock, actor, busy.reader.id, { reason: 'Library card reported stolen' });
  const exception = await addCalendarException(db, clock, actor, servicePointId, { name: 'Winter closure', kind: 'closed', startDate: '2030-12-24', endDate: '2030-12-26' });
  // A second fee, older than any bursar rule needs, goes to the bursar so a batch exists.
  await chargeTestFee(db, institutionId, busy.waiting.id, { amountCents: 700, at: new Date(clock.now().getTime() - 400 * 86_400_000) });
  const bursar = await runBursarTransfer(db, clock, feeStaffWithRole(institutionId, 'supervisor'), { olderThanDays: 0 });
  const admin = await makeStaff(db, institutionId, { roleCode: 'administrator', password: secrets.staffPassword });
  await makeSipAccount(db, { institutionId }, { password: secrets.sipPassword });

  const firstOf = async (table: 'loan_policy' | 'circulation_rule' | 'material_type' | 'loan_type' | 'patron_group' | 'fee_type' | 'staff_role') => {
    const row = await db.selectFrom(table).select('id').where('institution_id', '=', institutionId).executeTakeFirst();
    if (!row) throw new Error(`no ${table} in the stocked library`);
    return row.id;
  };
  const ids: RouteIds = {
    patrons: busy.reader.id,
    notes: note.id,
    blocks: block.id,
    items: busy.rivers.itemIds[0]!,
    instances: busy.rivers.instanceId,
    loans: busy.loanId,
    fees: busy.feeId,
    'fee-receipts': busy.paymentActionId,
    requests: busy.queuedRequestIds[0]!,
    'service-points': servicePointId,
    exceptions: exception.id,
    locations: locationId,
    'loan-policy': await firstOf('loan_policy'),
    'circulation-rules': await firstOf('circulation_rule'),
    'material-types': await firstOf('material_type'),
    'loan-types': await firstOf('loan_type'),
    'patron-groups': await firstOf('patron_group'),
    'patron-group-limits': await firstOf('patron_group'),
    'fee-types': await firstOf('fee_type'),
    'waiver-reasons': (await makeWaiverReason(db, institutionId)).id,
    staff: admin.id,
    roles: await firstOf('staff_role'),
  };
  if (bursar.batch) ids.batches = bursar.batch.id;
  return { ...busy, ids, secrets, admin };
}

/** The same keys with ids that belong to nobody. */
export function unknownIds(ids: RouteIds): RouteIds {
  return Object.fromEntries(Object.keys(ids).map((key) => [key, randomUUID()]));
}

const fixedParams: Record<string, string> = { kind: 'loan-policy', language: 'en' };
const paramKeys: Record<string, string> = { noteId: 'notes', blockId: 'blocks', exceptionId: 'exceptions', receiptId: 'fee-receipts', patronGroupId: 'patron-group-limits' };

/**
 * The route's path with each parameter filled from `ids`, or undefined when one cannot be filled.
 * An ':id' takes the id of the segment before it (`/patrons/:id`, `/circulation/loans/:id`, and
 * `/policies/:kind/:id` the kind's).
 */
export function fillRouteUrl(url: string, ids: RouteIds): string | undefined {
  const segments = url.split('/');
  const filled: string[] = [];
  for (const [index, segment] of segments.entries()) {
    if (!segment.startsWith(':')) {
      filled.push(segment);
      continue;
    }
    const name = segment.slice(1);
    let value: string | undefined;
    if (name in fixedParams) value = fixedParams[name];
    else if (name === 'receiptFile') value = ids['fee-receipts'] && `${ids['fee-receipts']}.html`;
    else if (name in paramKeys) value = ids[paramKeys[name]!];
    else if (name === 'id') value = ids[segments[index - 1] === ':kind' ? fixedParams.kind! : segments[index - 1]!];
    if (!value) return undefined;
    filled.push(value);
  }
  return filled.join('/');
}
