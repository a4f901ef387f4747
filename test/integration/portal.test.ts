import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { checkPatronPin } from '../../src/modules/patrons/patron-pin.service.ts';
import { setPatronPin } from '../../src/modules/patrons/patron.service.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { systemActor } from '../support/factories/fee-ledger.ts';
import { makeBusyLibrary, type BusyLibrary } from '../support/factories/maintenance.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { buildTestApp, signInToPortalAs, type StaffSession } from '../support/http.ts';

const signInUrl = '/api/v1/portal/sign-in';

describeOnBothDatabases('patron portal: a patron signs in with card and PIN and sees and changes only their own account', (database) => {
  const clock = fixedClock('2026-10-14T17:00:00Z');
  let busy: BusyLibrary;
  let app: FastifyInstance;
  let rosa: StaffSession;
  let library: string;
  const pins = { reader: '4711', waiting: '2468' };

  beforeAll(async () => {
    busy = await makeBusyLibrary(database(), clock);
    app = busy.app;
    library = busy.library.code;
    const actor = systemActor(busy.library.institutionId);
    await setPatronPin(database().db, clock, actor, busy.reader.id, pins.reader);
    await setPatronPin(database().db, clock, actor, busy.waiting.id, pins.waiting);
    rosa = await signInToPortalAs(app, library, busy.reader.barcode, pins.reader);
  });
  afterAll(async () => app.close());

  describe('signing in', () => {
    it('gives one answer for an unknown card, a wrong PIN and a card without a PIN, so card numbers cannot be probed', async () => {
      const noPin = await makePatron(database().db, busy.library.institutionId);
      const attempts = [
        { barcode: '99999999999999', pin: '1234' },
        { barcode: busy.waiting.barcode, pin: '0000' },
        { barcode: noPin.barcode, pin: '1234' },
        { barcode: busy.reader.barcode, pin: pins.reader, library: 'NO-SUCH-LIBRARY' },
      ];
      const replies = [];
      for (const attempt of attempts) replies.push(await app.inject({ method: 'POST', url: signInUrl, payload: { library, ...attempt } }));
      for (const reply of replies) {
        expect(reply.statusCode).toBe(401);
        expect(reply.headers['set-cookie']).toBeUndefined();
      }
      expect(new Set(replies.map((reply) => reply.body)).size).toBe(1);
      expect(replies[0]!.json().error.code).toBe('PORTAL_SIGN_IN_FAILED');
    });

    it('rests the PIN after five wrong tries, for the portal and the self-check kiosks alike, with the same answer', async () => {
      const patron = await makePatron(database().db, busy.library.institutionId);
      await setPatronPin(database().db, clock, systemActor(busy.library.institutionId), patron.id, '1357');
      const wrong = [];
      for (let attempt = 0; attempt < 5; attempt += 1) wrong.push(await app.inject({ method: 'POST', url: signInUrl, payload: { library, barcode: patron.barcode, pin: '0000' } }));
      const right = await app.inject({ method: 'POST', url: signInUrl, payload: { library, barcode: patron.barcode, pin: '1357' } });
      expect(right.statusCode).toBe(401);
      expect(right.body).toBe(wrong[0]!.body);
      expect(await checkPatronPin(database().db, clock, busy.library.institutionId, patron.id, '1357')).toBe('locked');
      clock.advance(16 * 60_000);
      expect((await app.inject({ method: 'POST', url: signInUrl, payload: { library, barcode: patron.barcode, pin: '1357' } })).statusCode).toBe(200);
    });

    it('stops one address trying card after card after 20 PIN tries a minute, whatever the cards', async () => {
      const { app: guardedApp } = await buildTestApp(database(), clock);
      try {
        const attempt = (barcode: string) => guardedApp.inject({ method: 'POST', url: signInUrl, remoteAddress: '203.0.113.7', payload: { library, barcode, pin: '1234' } });
        for (let index = 0; index < 20; index += 1) expect((await attempt(`2100000000${String(index).padStart(4, '0')}`)).statusCode).toBe(401);
        const refused = await attempt('21000000009999');
        expect(refused.statusCode).toBe(429);
        expect(refused.json().error.code).toBe('TOO_MANY_ATTEMPTS');
        // Another address is not held up by it.
        expect((await guardedApp.inject({ method: 'POST', url: signInUrl, remoteAddress: '203.0.113.8', payload: { library, barcode: busy.reader.barcode, pin: pins.reader } })).statusCode).toBe(200);
      } finally {
        await guardedApp.close();
      }
    });

    it('opens a session that shows who is signed in, and ends it on sign-out', async () => {
      const session = await signInToPortalAs(app, library, busy.waiting.barcode, pins.waiting);
      const current = await session.request({ method: 'GET', url: '/api/v1/portal/session' });
      expect(current.statusCode).toBe(200);
      expect(current.json().patron).toMatchObject({ displayName: 'Wen Waiting', library: { code: library } });
      expect((await session.request({ method: 'POST', url: '/api/v1/portal/sign-out' })).statusCode).toBe(200);
      expect((await session.request({ method: 'GET', url: '/api/v1/portal/account' })).json().error.code).toBe('UNAUTHENTICATED');
    });

    it('ends a session left alone for half an hour (a shared computer), but not one in use', async () => {
      const session = await signInToPortalAs(app, library, busy.waiting.barcode, pins.waiting);
      clock.advance(20 * 60_000);
      expect((await session.request({ method: 'GET', url: '/api/v1/portal/account' })).statusCode).toBe(200);
      clock.advance(20 * 60_000);
      expect((await session.request({ method: 'GET', url: '/api/v1/portal/account' })).statusCode).toBe(200);
      clock.advance(31 * 60_000);
      expect((await session.request({ method: 'GET', url: '/api/v1/portal/account' })).statusCode).toBe(401);
      rosa = await signInToPortalAs(app, library, busy.reader.barcode, pins.reader);
    });

    it('needs the CSRF token for changes, like the staff client', async () => {
      const reply = await app.inject({ method: 'POST', url: `/api/v1/portal/loans/${busy.loanId}/renew`, headers: { cookie: rosa.cookie } });
      expect(reply.statusCode).toBe(403);
      expect(reply.json().error.code).toBe('CSRF_TOKEN_INVALID');
    });
  });

  describe('my account', () => {
    it("lists the patron's loan, what they owe and no one else's requests", async () => {
      const reply = await rosa.request({ method: 'GET', url: '/api/v1/portal/account' });
      expect(reply.statusCode).toBe(200);
      const account = reply.json();
      expect(account.patron.displayName).toBe('Rosa Reader');
      expect(account.loans).toHaveLength(1);
      expect(account.loans[0]).toMatchObject({ id: busy.loanId, title: 'Rivers of the Willamette Valley', author: 'Ada Brook', overdue: false, recalled: false });
      // $15.00 charged, $5.00 paid at the desk
      expect(account.fees.balanceCents).toBe(1000);
      expect(account.fees.items).toEqual([expect.objectContaining({ amountCents: 1500, remainingCents: 1000 })]);
      expect(account.requests).toEqual([]);
      expect(reply.body).not.toContain('Waiting');
      expect(reply.body).not.toContain(busy.waiting.barcode);
    });

    it('shows a waiting patron their hold ready at the desk, with the day it goes back', async () => {
      const wen = await signInToPortalAs(app, library, busy.waiting.barcode, pins.waiting);
      const account = (await wen.request({ method: 'GET', url: '/api/v1/portal/account' })).json();
      expect(account.requests).toEqual([
        expect.objectContaining({ id: busy.awaitingRequestId, title: 'Cascade Volcanoes', status: 'open-awaiting-pickup', position: null, pickup: { id: busy.library.servicePointId, name: 'Main Circulation Desk' } }),
      ]);
      expect(account.requests[0].holdShelfExpiresAt).not.toBeNull();
      expect(account.loans).toEqual([]);
    });

    it("will not renew a loan others are waiting for, saying so in the kiosk's plain words", async () => {
      const reply = await rosa.request({ method: 'POST', url: `/api/v1/portal/loans/${busy.loanId}/renew` });
      expect(reply.statusCode).toBe(422);
      expect(reply.json().error.code).toBe('RENEWAL_REFUSED');
      expect(reply.json().error.message).not.toMatch(/patron|override|policy/i);
      expect(reply.json().error.details).toBeUndefined();
    });
  });

  describe('requests', () => {
    it('pages a title with a copy on the shelf, and lets the patron cancel it', async () => {
      const placed = await rosa.request({
        method: 'POST',
        url: '/api/v1/portal/requests',
        payload: { instanceId: busy.rivers.instanceId, pickupServicePointId: busy.library.servicePointId },
      });
      expect(placed.statusCode).toBe(201);
      expect(placed.json().request).toMatchObject({ type: 'page', status: 'open-not-yet-filled', title: 'Rivers of the Willamette Valley' });
      const requestId = placed.json().request.id as string;
      const account = (await rosa.request({ method: 'GET', url: '/api/v1/portal/account' })).json();
      expect(account.requests.map((request: { id: string }) => request.id)).toEqual([requestId]);

      const again = await rosa.request({ method: 'POST', url: '/api/v1/portal/requests', payload: { instanceId: busy.rivers.instanceId, pickupServicePointId: busy.library.servicePointId } });
      expect(again.statusCode).toBe(422);
      expect(again.json().error.code).toBe('REQUEST_REFUSED');

      const cancelled = await rosa.request({ method: 'POST', url: `/api/v1/portal/requests/${requestId}/cancel` });
      expect(cancelled.json().request.status).toBe('closed-cancelled');
      const item = await database().db.selectFrom('item').select('status').where('id', '=', busy.rivers.itemIds[1]!).executeTakeFirstOrThrow();
      expect(item.status).toBe('available');
    });

    it('lists pickup desks and searches the catalogue with availability', async () => {
      const desks = (await rosa.request({ method: 'GET', url: '/api/v1/portal/pickup-locations' })).json();
      expect(desks.items).toEqual([{ id: busy.library.servicePointId, name: 'Main Circulation Desk' }]);
      const found = (await rosa.request({ method: 'GET', url: '/api/v1/portal/catalog?q=rivers' })).json();
      expect(found.items[0]).toMatchObject({ instanceId: busy.rivers.instanceId, title: 'Rivers of the Willamette Valley', copies: 2, available: 1 });
    });
  });

  describe("another patron's things", () => {
    it("answers another patron's loan and request ids exactly as ids that exist nowhere, and changes nothing", async () => {
      const wen = await signInToPortalAs(app, library, busy.waiting.barcode, pins.waiting);
      const nobody = '00000000-0000-4000-8000-000000000000';
      const renewTheirs = await wen.request({ method: 'POST', url: `/api/v1/portal/loans/${busy.loanId}/renew` });
      const renewNobodys = await wen.request({ method: 'POST', url: `/api/v1/portal/loans/${nobody}/renew` });
      expect(renewTheirs.statusCode).toBe(404);
      expect(renewTheirs.body).toBe(renewNobodys.body);
      for (const requestId of busy.queuedRequestIds) {
        const cancelTheirs = await wen.request({ method: 'POST', url: `/api/v1/portal/requests/${requestId}/cancel` });
        expect(cancelTheirs.statusCode).toBe(404);
        expect(cancelTheirs.body).toBe((await wen.request({ method: 'POST', url: `/api/v1/portal/requests/${nobody}/cancel` })).body);
      }
      const open = await database().db.selectFrom('request').select('status').where('id', 'in', busy.queuedRequestIds).execute();
      expect(open.map((row) => row.status)).toEqual(['open-not-yet-filled', 'open-not-yet-filled']);
      const loan = await database().db.selectFrom('loan').select(['due_at', 'renewal_count']).where('id', '=', busy.loanId).executeTakeFirstOrThrow();
      expect(Number(loan.renewal_count)).toBe(0);
    });

    it('never opens a staff route with a patron session, nor a portal route with a staff session', async () => {
      for (const url of [`/api/v1/patrons/${busy.reader.id}`, `/api/v1/patrons/${busy.waiting.id}/notes`, '/api/v1/circulation/loans', `/api/v1/fees/${busy.feeId}`]) {
        const reply = await rosa.request({ method: 'GET', url });
        expect(reply.statusCode, url).toBe(401);
      }
      const staffCall = await busy.technician.request({ method: 'GET', url: '/api/v1/portal/account' });
      expect(staffCall.statusCode).toBe(401);
    });
  });

  describe('changing my PIN', () => {
    it('needs the current PIN, then the new one signs in, the old one does not, and other sessions end', async () => {
      // An app of its own, so these sign-ins do not count toward the per-address limit of the others.
      const { app: pinApp } = await buildTestApp(database(), clock);
      try {
        const patron = await makePatron(database().db, busy.library.institutionId, { firstName: 'Pia', lastName: 'Pinchanger' });
        await setPatronPin(database().db, clock, systemActor(busy.library.institutionId), patron.id, '1111');
        const phone = await signInToPortalAs(pinApp, library, patron.barcode, '1111');
        const libraryComputer = await signInToPortalAs(pinApp, library, patron.barcode, '1111');

        const wrong = await phone.request({ method: 'PUT', url: '/api/v1/portal/pin', payload: { currentPin: '9999', newPin: '2222' } });
        expect(wrong.statusCode).toBe(422);
        expect(wrong.json().error.code).toBe('PIN_INCORRECT');
        const tooShort = await phone.request({ method: 'PUT', url: '/api/v1/portal/pin', payload: { currentPin: '1111', newPin: '22' } });
        expect(tooShort.statusCode).toBe(400);

        const changed = await phone.request({ method: 'PUT', url: '/api/v1/portal/pin', payload: { currentPin: '1111', newPin: '2222' } });
        expect(changed.statusCode).toBe(200);
        expect(changed.body).not.toContain('2222');
        expect((await phone.request({ method: 'GET', url: '/api/v1/portal/account' })).statusCode).toBe(200);
        expect((await libraryComputer.request({ method: 'GET', url: '/api/v1/portal/account' })).statusCode).toBe(401);
        expect((await pinApp.inject({ method: 'POST', url: signInUrl, payload: { library, barcode: patron.barcode, pin: '1111' } })).statusCode).toBe(401);
        expect((await pinApp.inject({ method: 'POST', url: signInUrl, payload: { library, barcode: patron.barcode, pin: '2222' } })).statusCode).toBe(200);

        const audit = await database().db.selectFrom('audit_event').select(['actor_kind', 'actor_id', 'after']).where('entity_id', '=', patron.id).where('action', '=', 'patron.pin-set').orderBy('occurred_at').execute();
        expect(audit.at(-1)).toMatchObject({ actor_kind: 'patron', actor_id: patron.id });
        expect(JSON.stringify(audit)).not.toContain('2222');
      } finally {
        await pinApp.close();
      }
    });
  });
});
