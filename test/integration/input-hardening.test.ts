import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { importMarcFile } from '../../src/modules/catalog/marc-import.service.ts';
import { readMarcRecords } from '../../src/modules/catalog/marc-reader.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { buildTestApp, signInAs, type StaffSession } from '../support/http.ts';

const megabyte = 1024 * 1024;

describeOnBothDatabases('the API refuses oversized, malformed and overlong input with stable codes', (database) => {
  const clock = fixedClock('2026-10-14T17:00:00Z');
  let app: FastifyInstance;
  let library: InstitutionFixture;
  let admin: StaffSession;
  let patronId: string;

  beforeAll(async () => {
    ({ app } = await buildTestApp(database(), clock));
    library = await makeInstitution(database().db);
    const staff = await makeStaff(database().db, library.institutionId, { roleCode: 'administrator' });
    admin = await signInAs(app, staff.username, staff.password);
    patronId = (await makePatron(database().db, library.institutionId)).id;
  });
  afterAll(async () => app.close());

  const newPatron = (extra: Record<string, unknown> = {}) => ({ barcode: `29777${Math.floor(Math.random() * 1e6)}`, firstName: 'Ana', lastName: 'Lopez', patronGroupId: library.patronGroups.student, ...extra });

  it('refuses a desk request body over 1 MB with 413 PAYLOAD_TOO_LARGE', async () => {
    const reply = await admin.request({ method: 'POST', url: '/api/v1/patrons', payload: newPatron({ middleName: 'x'.repeat(megabyte + 10) }) });
    expect(reply.statusCode).toBe(413);
    expect(reply.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('still takes a patron load file of several megabytes, up to its own limit', async () => {
    const rows = Array.from({ length: 40_000 }, (_, index) => `E${index},29888${String(index).padStart(6, '0')},First${index},Last${index},student,${'n'.repeat(40)}`);
    const csv = ['externalId,barcode,firstName,lastName,patronGroup,note', ...rows].join('\n');
    expect(csv.length).toBeGreaterThan(2 * megabyte);
    const accepted = await admin.request({ method: 'POST', url: '/api/v1/patrons/import', payload: { csv, partial: true } });
    expect(accepted.statusCode).not.toBe(413);
    const tooLarge = await admin.request({ method: 'POST', url: '/api/v1/patrons/import', payload: { csv: 'x'.repeat(65 * megabyte) } });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers malformed JSON, and JSON trying to reach the prototype, with 400 MALFORMED_JSON', async () => {
    const send = (payload: string) => admin.request({ method: 'POST', url: '/api/v1/patrons', headers: { 'content-type': 'application/json' }, payload });
    for (const payload of ['{"firstName": "Ana",', '{"__proto__": {"isAdmin": true}, "firstName": "Ana"}', '{"constructor": {"prototype": {"isAdmin": true}}}']) {
      const reply = await send(payload);
      expect(reply.statusCode, payload).toBe(400);
      expect(reply.json().error.code, payload).toBe('MALFORMED_JSON');
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('names the field when a string is longer than the form allows', async () => {
    const reply = await admin.request({ method: 'PATCH', url: `/api/v1/patrons/${patronId}`, payload: { firstName: 'A'.repeat(201) } });
    expect(reply.statusCode).toBe(400);
    expect(reply.json().error.code).toBe('VALIDATION_FAILED');
    expect(reply.json().error.details).toEqual([expect.objectContaining({ field: 'body.firstName' })]);
    const search = await admin.request({ method: 'GET', url: `/api/v1/catalog/search?q=${'q'.repeat(501)}` });
    expect(search.statusCode).toBe(400);
    expect(search.json().error.details).toEqual([expect.objectContaining({ field: 'querystring.q' })]);
  });

  it('ignores query parameters it does not know, and refuses body fields it does not know, naming them', async () => {
    const plain = await admin.request({ method: 'GET', url: '/api/v1/patrons' });
    const noisy = await admin.request({ method: 'GET', url: '/api/v1/patrons?debug=1&institutionId=someone-else&__proto__=x&constructor=y&limit=50' });
    expect(noisy.statusCode).toBe(200);
    expect(noisy.json()).toEqual(plain.json());
    const other = await makeInstitution(database().db);
    const barcode = newPatron().barcode;
    const refused = await admin.request({ method: 'POST', url: '/api/v1/patrons', payload: newPatron({ barcode, institutionId: other.institutionId, pinHash: '$argon2id$forged' }) });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('VALIDATION_FAILED');
    expect(refused.json().error.details).toEqual([
      { field: 'body.institutionId', message: 'is not a field this request takes', code: 'UNKNOWN_FIELD' },
      { field: 'body.pinHash', message: 'is not a field this request takes', code: 'UNKNOWN_FIELD' },
    ]);
    expect(await database().db.selectFrom('patron').select('id').where('barcode', '=', barcode).execute()).toEqual([]);
  });

  it('refuses control characters and bidi overrides in names and notes, naming the field, but keeps line breaks in notes', async () => {
    for (const name of ['Ana\u0000', 'Ana\u001b[31m', 'Ana\u202Egnp.exe', 'Ana\u2066x\u2069', 'Ana\nLopez']) {
      const reply = await admin.request({ method: 'PATCH', url: `/api/v1/patrons/${patronId}`, payload: { firstName: name } });
      expect(reply.statusCode, JSON.stringify(name)).toBe(400);
      expect(reply.json().error.code).toBe('VALIDATION_FAILED');
      expect(reply.json().error.details).toEqual([expect.objectContaining({ field: 'body.firstName', code: 'CONTROL_CHARACTERS' })]);
    }
    const badNote = await admin.request({ method: 'POST', url: `/api/v1/patrons/${patronId}/notes`, payload: { kind: 'staff', text: 'Owes \u202E001$' } });
    expect(badNote.statusCode).toBe(400);
    expect(badNote.json().error.details).toEqual([expect.objectContaining({ field: 'body.text', code: 'CONTROL_CHARACTERS' })]);
    const note = await admin.request({ method: 'POST', url: `/api/v1/patrons/${patronId}/notes`, payload: { kind: 'staff', text: 'Called twice:\n\t- Monday\r\n\t- Tuesday' } });
    expect(note.statusCode).toBe(201);
    const notes = await admin.request({ method: 'GET', url: `/api/v1/patrons/${patronId}/notes` });
    expect(notes.json().items.map((item: { text: string }) => item.text)).toContain('Called twice:\n\t- Monday\r\n\t- Tuesday');
    const reason = await admin.request({ method: 'POST', url: `/api/v1/patrons/${patronId}/blocks`, payload: { reason: 'Lost card\u0007' } });
    expect(reason.statusCode).toBe(400);
    expect(reason.json().error.details).toEqual([expect.objectContaining({ field: 'body.reason', code: 'CONTROL_CHARACTERS' })]);
  });

  it('answers a path parameter over 100 characters in the house shape, after asking who is calling', async () => {
    const long = 'x'.repeat(150);
    const anonymous = await app.inject({ method: 'GET', url: `/api/v1/patrons/${long}` });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('UNAUTHENTICATED');
    for (const url of [`/api/v1/patrons/${long}`, `/api/v1/items/${long}`, `/api/v1/patrons/${long}/notes`, `/api/v1/fees/${'9'.repeat(5000)}`]) {
      const reply = await admin.request({ method: 'GET', url });
      expect([400, 404], url).toContain(reply.statusCode);
      expect(reply.json().error.code, url).toMatch(/^(VALIDATION_FAILED|NOT_FOUND|[A-Z_]+_NOT_FOUND)$/);
    }
  });

  it('tells browsers and proxies not to keep API replies: personal data must not sit in a cache', async () => {
    const replies = [
      await admin.request({ method: 'GET', url: `/api/v1/patrons/${patronId}` }),
      await admin.request({ method: 'GET', url: '/api/v1/patrons?q=Reader' }),
      await admin.request({ method: 'GET', url: '/api/v1/auth/session' }),
      await admin.request({ method: 'PATCH', url: `/api/v1/patrons/${patronId}`, payload: { middleName: 'Q' } }),
      await admin.request({ method: 'GET', url: '/api/v1/patrons/00000000-0000-4000-8000-000000000000' }),
      await app.inject({ method: 'GET', url: '/api/v1/portal/account' }),
      await app.inject({ method: 'GET', url: '/api/v1/no-such-route' }),
    ];
    for (const reply of replies) expect(reply.headers['cache-control'], reply.body.slice(0, 80)).toBe('no-store');
  });

  it('has no XML body parser: an XML body is refused as an unsupported media type before anything reads it', async () => {
    const reply = await admin.request({ method: 'POST', url: '/api/v1/patrons', headers: { 'content-type': 'application/xml' }, payload: '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>' });
    expect(reply.statusCode).toBe(415);
    expect(reply.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('reads MARCXML without resolving entities: a DOCTYPE pointing at local files leaks nothing', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'carrel-xxe-'));
    const secretFile = path.join(folder, 'secret.txt');
    fs.writeFileSync(secretFile, 'TOP-SECRET-FILE-CONTENT');
    try {
      const xml = `<?xml version="1.0"?>
<!DOCTYPE collection [
  <!ENTITY passwd SYSTEM "file:///etc/passwd">
  <!ENTITY secret SYSTEM "file://${secretFile}">
  <!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<collection xmlns="http://www.loc.gov/MARC21/slim">
<record><leader>00000nam a2200000 a 4500</leader><controlfield tag="001">xxe-1</controlfield>
<datafield tag="245" ind1="0" ind2="0"><subfield code="a">Entity &passwd; &secret; &lol3;</subfield></datafield></record>
</collection>`;
      const readings = [...readMarcRecords(Buffer.from(xml), 'marcxml')];
      const text = JSON.stringify(readings);
      expect(text).not.toContain('root:');
      expect(text).not.toContain('TOP-SECRET-FILE-CONTENT');
      expect(text).not.toContain('lollol');
      expect(text).toContain('&passwd;');

      const report = await importMarcFile(database().db, clock, { kind: 'system', id: null, name: 'test', institutionId: library.institutionId }, Buffer.from(xml), { institutionId: library.institutionId, format: 'marcxml' });
      expect(report.imported + report.rejected.length).toBe(1);
      const titles = await database().db.selectFrom('instance').select('title').where('institution_id', '=', library.institutionId).execute();
      for (const { title } of titles) {
        expect(title).not.toContain('root:');
        expect(title).not.toContain('TOP-SECRET');
        expect(title.length).toBeLessThan(200);
      }
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
