import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import type { RouteAccessEntry } from '../../src/http/access.ts';
import { builtInRoles, type RouteAccess } from '../../src/modules/staff/permissions.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstitution } from '../support/factories/institution.ts';
import { fillRouteUrl, makeStockedLibrary, unknownIds, type StockedLibrary } from '../support/factories/route-ids.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { buildTestApp, signInAs, signInToPortalAs, type StaffSession } from '../support/http.ts';
import { setPatronPin } from '../../src/modules/patrons/patron.service.ts';
import { systemActor } from '../support/factories/fee-ledger.ts';
import { makePatron } from '../support/factories/patrons.ts';

type RoleCode = keyof typeof builtInRoles;
const roleCodes = Object.keys(builtInRoles) as RoleCode[];
const nobodysId = '00000000-0000-4000-8000-000000000000';
const signOut = 'POST /api/v1/auth/sign-out';
const portalSignOut = 'POST /api/v1/portal/sign-out';
/** Query parameters a route cannot answer without, so that the row lookup is reached. */
const requiredQueries: Record<string, string> = { '/api/v1/service-points/:id/calendar/days': '?from=2026-10-01&to=2026-10-31' };

function anyUrl(url: string): string {
  return url.replace(/:kind\b/, 'loan-policy').replace(/:language\b/, 'en').replace(/:receiptFile\b/, `${nobodysId}.html`).replace(/:[A-Za-z]+/g, nobodysId);
}

function mayCall(role: RoleCode, access: RouteAccess): boolean {
  return access === 'public' || access === 'signed-in' || (builtInRoles[role].permissions as string[]).includes(access);
}

/** What a caller who may not use a route should get: staff on a portal route are simply not signed in there. */
function refusalFor(access: RouteAccess): { status: number; code: string } {
  return access === 'patron' ? { status: 401, code: 'UNAUTHENTICATED' } : { status: 403, code: 'FORBIDDEN' };
}

function call(caller: StaffSession | FastifyInstance, method: string, url: string, payload?: unknown): Promise<LightMyRequestResponse> {
  const options: InjectOptions = { method: method as 'GET', url, payload: method === 'GET' ? undefined : ((payload ?? {}) as object) };
  return 'request' in caller ? caller.request(options) : caller.inject(options);
}

/** Every row of the stocked library that a stray write could touch, to prove none was. */
async function rowsOf(db: Kysely<Database>, institutionId: string) {
  const tables = ['patron', 'patron_note', 'patron_block', 'item', 'instance', 'loan', 'fee', 'fee_action', 'request', 'service_point', 'location', 'calendar_exception', 'loan_policy', 'circulation_rule', 'staff_account', 'staff_role', 'patron_group', 'bursar_batch'] as const;
  const rows: Record<string, unknown[]> = {};
  for (const table of tables) rows[table] = await db.selectFrom(table).selectAll().where('institution_id', '=', institutionId).orderBy('id').execute();
  return rows;
}

describeOnBothDatabases('authorization matrix: every route, every built-in role, every institution', (database) => {
  const clock = fixedClock('2026-10-14T17:00:00Z');
  let app: FastifyInstance;
  let routes: RouteAccessEntry[];
  const sessions = {} as Record<RoleCode, StaffSession>;
  let other: StockedLibrary;
  /** Patrons signed in to the portal: one of our own, and one of the other institution who is not the borrower there. */
  let ourPatron: () => Promise<StaffSession>;
  let theirOtherPatron: () => Promise<StaffSession>;

  beforeAll(async () => {
    ({ app, routeAccessList: routes } = await buildTestApp(database(), clock));
    const ours = await makeInstitution(database().db);
    for (const role of roleCodes) {
      const staff = await makeStaff(database().db, ours.institutionId, { roleCode: role });
      sessions[role] = await signInAs(app, staff.username, staff.password);
    }
    other = await makeStockedLibrary(database(), clock);
    const patron = await makePatron(database().db, ours.institutionId);
    await setPatronPin(database().db, clock, systemActor(ours.institutionId), patron.id, '8642');
    await setPatronPin(database().db, clock, systemActor(other.library.institutionId), other.waiting.id, '9753');
    ourPatron = () => signInToPortalAs(app, ours.code, patron.barcode, '8642');
    theirOtherPatron = () => signInToPortalAs(app, other.library.code, other.waiting.barcode, '9753');
  });
  afterAll(async () => app.close());

  it('lets each role through exactly the routes its permissions name, and asks anonymous callers to sign in', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const name = `${route.method} ${route.url}`;
      const url = anyUrl(route.url);
      const anonymous = await call(app, route.method, url);
      if (route.access === 'public' ? [401, 403].includes(anonymous.statusCode) : anonymous.statusCode !== 401 || anonymous.json().error.code !== 'UNAUTHENTICATED') {
        wrong.push(`${name} anonymous → ${anonymous.statusCode}`);
      }
      for (const role of roleCodes) {
        // Signing out ends the session, so it gets a session of its own.
        const staff = name === signOut ? await signInAs(app, (await sessionUser(sessions[role])).username, 'correct horse') : sessions[role];
        const reply = await call(staff, route.method, url);
        const allowed = mayCall(role, route.access);
        const code = reply.statusCode >= 400 ? reply.json().error?.code : undefined;
        if (allowed && ([401, 403].includes(reply.statusCode) || reply.statusCode >= 500)) wrong.push(`${name} as ${role} (${route.access}): expected through, got ${reply.statusCode} ${code}`);
        const refusal = refusalFor(route.access);
        if (!allowed && (reply.statusCode !== refusal.status || code !== refusal.code)) wrong.push(`${name} as ${role} (${route.access}): expected ${refusal.status} ${refusal.code}, got ${reply.statusCode} ${code}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("answers another institution's ids exactly as ids that exist nowhere: 404, same message", async () => {
    const admin = sessions.administrator;
    const guessed = unknownIds(other.ids);
    const checked: string[] = [];
    const wrong: string[] = [];
    for (const route of routes.filter((entry) => entry.method === 'GET')) {
      const query = requiredQueries[route.url] ?? '';
      const theirs = fillRouteUrl(route.url, other.ids);
      const nobodys = fillRouteUrl(route.url, guessed);
      // Only routes whose path names one of the institution's rows (not '/policies/:kind').
      if (!theirs || !nobodys || theirs === nobodys) continue;
      checked.push(route.url);
      const [theirReply, guessReply] = [await call(admin, 'GET', theirs + query), await call(admin, 'GET', nobodys + query)];
      const withoutIds = (reply: LightMyRequestResponse, ids: Record<string, string>) =>
        Object.values(ids).reduce((message, id) => message.replaceAll(id, '<id>'), String(reply.json().error?.message));
      if (theirReply.statusCode !== 404) wrong.push(`${route.url}: another institution's row answered ${theirReply.statusCode}`);
      if (guessReply.statusCode !== 404) wrong.push(`${route.url}: a guessed id answered ${guessReply.statusCode}`);
      if (withoutIds(theirReply, other.ids) !== withoutIds(guessReply, guessed)) {
        wrong.push(`${route.url}: "${theirReply.json().error?.message}" differs from "${guessReply.json().error?.message}"`);
      }
    }
    expect(wrong).toEqual([]);
    for (const resource of ['/patrons/:id', '/items/:id', '/instances/:id', '/circulation/loans/:id', '/fees/:id', '/requests/:id/hold-slip', '/service-points/:id', '/policies/:kind/:id', '/bursar/batches/:id', '/fee-receipts/:receiptFile']) {
      expect(checked, resource).toContain(`/api/v1${resource}`);
    }
  });

  it("never changes another institution's rows, whatever the route", async () => {
    const before = await rowsOf(database().db, other.library.institutionId);
    const admin = sessions.administrator;
    const wrong: string[] = [];
    for (const route of routes.filter((entry) => entry.method !== 'GET' && entry.url.includes('/:'))) {
      const theirs = fillRouteUrl(route.url, other.ids);
      if (!theirs) continue;
      const reply = await call(admin, route.method, theirs);
      if (reply.statusCode < 400 || reply.statusCode === 403 || reply.statusCode >= 500) wrong.push(`${route.method} ${route.url} → ${reply.statusCode}`);
    }
    // Writes with bodies that pass validation reach the services, which must not find the row.
    const { ids } = other;
    const writes: Array<[string, string, unknown]> = [
      ['PATCH', `/api/v1/patrons/${ids.patrons}`, { firstName: 'Mallory' }],
      ['PUT', `/api/v1/patrons/${ids.patrons}/pin`, { pin: '1111' }],
      ['POST', `/api/v1/patrons/${ids.patrons}/notes`, { kind: 'staff', text: 'planted' }],
      ['POST', `/api/v1/patrons/${ids.patrons}/blocks`, { reason: 'planted' }],
      ['DELETE', `/api/v1/patrons/${ids.patrons}/blocks/${ids.blocks}`, { reason: 'lifted by a stranger' }],
      ['POST', `/api/v1/fees/${ids.fees}/pay`, { amountCents: 100, method: 'cash' }],
      ['POST', `/api/v1/fees/${ids.fees}/waive`, { waiverReasonId: ids['waiver-reasons'] }],
      ['POST', `/api/v1/circulation/loans/${ids.loans}/renew`, {}],
      ['POST', `/api/v1/circulation/loans/${ids.loans}/declare-lost`, {}],
      ['POST', `/api/v1/requests/${ids.requests}/cancel`, { reason: 'not yours' }],
      ['PATCH', `/api/v1/service-points/${ids['service-points']}`, { name: 'Renamed' }],
      ['POST', `/api/v1/patrons/${ids.patrons}/fees/pay`, { amountCents: 100, method: 'cash' }],
    ];
    for (const [method, url, body] of writes) {
      const reply = await call(admin, method, url, body);
      if (reply.statusCode !== 404 && reply.statusCode !== 400) wrong.push(`${method} ${url} with a valid body → ${reply.statusCode} ${reply.body.slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
    expect(await rowsOf(database().db, other.library.institutionId)).toEqual(before);
  });

  it("never lists another institution's rows", async () => {
    const theirs = [...Object.values(other.ids), other.reader.barcode, ...other.rivers.barcodes];
    const leaks: string[] = [];
    for (const route of routes.filter((entry) => entry.method === 'GET' && !entry.url.includes('/:'))) {
      const reply = await call(sessions.administrator, 'GET', route.url);
      for (const value of theirs) if (reply.body.includes(value)) leaks.push(`${route.url} shows ${value}`);
    }
    for (const query of [`barcode=${other.reader.barcode}`, 'q=Reader', `q=${other.reader.barcode}`]) {
      const search = await call(sessions.administrator, 'GET', `/api/v1/patrons?${query}`);
      expect(search.statusCode).toBe(200);
      expect(search.body).not.toContain(other.reader.id);
    }
    const catalog = await call(sessions.administrator, 'GET', '/api/v1/catalog/search?q=Rivers');
    expect(catalog.body).not.toContain(other.rivers.instanceId);
    expect(leaks).toEqual([]);
  });

  it('lets a patron session through the portal routes only', async () => {
    const patron = await ourPatron();
    const wrong: string[] = [];
    for (const route of routes) {
      const name = `${route.method} ${route.url}`;
      const reply = await call(name === portalSignOut ? await ourPatron() : patron, route.method, anyUrl(route.url));
      const code = reply.statusCode >= 400 ? reply.json().error?.code : undefined;
      if (route.access === 'patron' && ([401, 403].includes(reply.statusCode) || reply.statusCode >= 500)) wrong.push(`${name} as a patron: expected through, got ${reply.statusCode} ${code}`);
      if (route.access !== 'patron' && route.access !== 'public' && (reply.statusCode !== 401 || code !== 'UNAUTHENTICATED')) wrong.push(`${name} as a patron: expected 401, got ${reply.statusCode} ${code}`);
    }
    expect(wrong).toEqual([]);
  });

  it("answers a patron asking for another patron's loans and requests, in their library or another, as ids that exist nowhere", async () => {
    const before = await rowsOf(database().db, other.library.institutionId);
    const wrong: string[] = [];
    const checked: string[] = [];
    for (const patron of [await ourPatron(), await theirOtherPatron()]) {
      for (const route of routes.filter((entry) => entry.access === 'patron' && entry.url.includes('/:'))) {
        const theirs = fillRouteUrl(route.url, other.ids);
        const nobodys = fillRouteUrl(route.url, unknownIds(other.ids));
        if (!theirs || !nobodys) continue;
        checked.push(route.url);
        const [theirReply, guessReply] = [await call(patron, route.method, theirs), await call(patron, route.method, nobodys)];
        if (theirReply.statusCode !== 404) wrong.push(`${route.method} ${route.url}: another patron's row answered ${theirReply.statusCode}`);
        if (theirReply.body !== guessReply.body) wrong.push(`${route.method} ${route.url}: "${theirReply.body}" differs from "${guessReply.body}"`);
      }
      const account = await call(patron, 'GET', '/api/v1/portal/account');
      for (const value of [other.reader.id, other.reader.barcode, other.loanId, other.feeId, 'Rosa', 'Rivers']) if (account.body.includes(value)) wrong.push(`the account shows ${value}`);
    }
    expect(new Set(checked)).toEqual(new Set(['/api/v1/portal/loans/:id/renew', '/api/v1/portal/requests/:id/cancel']));
    expect(wrong).toEqual([]);
    expect(await rowsOf(database().db, other.library.institutionId)).toEqual(before);
  });
});

async function sessionUser(session: StaffSession): Promise<{ username: string }> {
  return (await session.request({ method: 'GET', url: '/api/v1/auth/session' })).json().staff;
}
