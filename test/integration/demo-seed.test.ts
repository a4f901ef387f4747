import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { resolveCirculationRule } from '../../src/modules/circulation/circulation-rules.service.ts';
import { verifySecret } from '../../src/modules/staff/password.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import {
  demoInstitutionCode, demoItems, demoPartnerCode, demoPatronPin, demoPatrons, demoSignInHint, demoStaff, demoStaffPassword,
} from '../../src/seed/demo-identities.ts';
import { partnerItems, partnerPatrons, seedDemo, type DemoSeedSummary } from '../../src/seed/demo-seed.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { buildTestApp, signInAs } from '../support/http.ts';

const items = 2_000;
const patrons = 300;

describeOnBothDatabases('demo college', (database) => {
  const clock = fixedClock('2026-11-02T17:00:00Z');
  let app: FastifyInstance;
  let summary: DemoSeedSummary;
  let collegeId: string;

  beforeAll(async () => {
    summary = await seedDemo(database(), clock, { items, patrons });
    ({ app } = await buildTestApp(database(), clock));
    collegeId = (await database().db.selectFrom('institution').select('id').where('code', '=', demoInstitutionCode).executeTakeFirstOrThrow()).id;
  }, 120_000);
  afterAll(async () => app?.close());

  it('creates the college with two campus libraries, desks, hours and holiday closures', async () => {
    const { db } = database();
    const college = await db.selectFrom('institution').selectAll().where('id', '=', collegeId).executeTakeFirstOrThrow();
    expect(college).toMatchObject({ name: 'Willamette Valley College', currency: 'USD', time_zone: 'America/Los_Angeles' });
    const libraries = await db.selectFrom('library').select('name').where('institution_id', '=', collegeId).orderBy('name').execute();
    expect(libraries.map((library) => library.name)).toEqual(['Hillcrest Library', 'Riverside Library']);
    const desks = await db.selectFrom('service_point').select(['code', 'is_pickup_point', 'hold_shelf_expiry_days']).where('institution_id', '=', collegeId).execute();
    expect(desks.map((desk) => desk.code).sort()).toEqual(['HIL-CIRC', 'RIV-CIRC', 'RIV-RESV']);
    expect(desks.filter((desk) => Boolean(desk.is_pickup_point)).every((desk) => desk.hold_shelf_expiry_days === 7)).toBe(true);
    const monday = await db
      .selectFrom('calendar_hours').innerJoin('service_point', 'service_point.id', 'calendar_hours.service_point_id')
      .select(['opens_at', 'closes_at']).where('service_point.code', '=', 'RIV-CIRC').where('weekday', '=', 1).executeTakeFirstOrThrow();
    expect(monday).toEqual({ opens_at: '07:30', closes_at: '23:00' });
    const thanksgiving = await db.selectFrom('calendar_exception').select(['kind', 'end_date']).where('institution_id', '=', collegeId)
      .where('name', '=', 'Thanksgiving').where('start_date', '=', '2026-11-26').execute();
    expect(thanksgiving.length).toBe(3);
    expect(thanksgiving[0]).toEqual({ kind: 'closed', end_date: '2026-11-27' });
  });

  it('has the documented reference types', async () => {
    const { db } = database();
    const codes = async (table: 'material_type' | 'loan_type' | 'patron_group') =>
      (await db.selectFrom(table).select('code').where('institution_id', '=', collegeId).execute()).map((row) => row.code).sort();
    expect(await codes('material_type')).toEqual(['book', 'camera', 'dvd', 'laptop', 'periodical', 'reserve-copy', 'tablet', 'voice-recorder']);
    expect(await codes('loan_type')).toEqual(['2-hour-reserve', '4-hour-reserve', '7-day', 'in-library-use', 'non-circulating', 'standard']);
    expect(await codes('patron_group')).toEqual(['community', 'faculty', 'graduate', 'staff', 'undergraduate']);
  });

  it('counts the items and patrons asked for, plus the small partner library', async () => {
    const { db } = database();
    const count = async (table: 'item' | 'patron') =>
      Number((await db.selectFrom(table).select(db.fn.countAll().as('n')).where('institution_id', '=', collegeId).executeTakeFirstOrThrow()).n);
    expect(await count('item')).toBe(items);
    expect(await count('patron')).toBe(patrons + demoPatrons.length);
    expect(summary).toMatchObject({ items: items + partnerItems, patrons: patrons + demoPatrons.length + partnerPatrons });
    expect(summary.instances).toBeGreaterThan(items * 0.5);
    const partner = await db.selectFrom('institution').select('name').where('code', '=', demoPartnerCode).executeTakeFirstOrThrow();
    expect(partner.name).toBe('Cascade Gorge University');
  });

  it('lets each demo staff member sign in with the password demo', async () => {
    for (const staff of demoStaff) {
      const session = await signInAs(app, staff.username, demoStaffPassword);
      const reply = await session.request({ method: 'GET', url: '/api/v1/auth/session' });
      expect(reply.json().staff).toMatchObject({ username: staff.username, role: { code: staff.roleCode } });
    }
  });

  it('gives the documented patrons the PIN 1234, one in each group, one expired and one blocked', async () => {
    const { db } = database();
    const rows = await db.selectFrom('patron').innerJoin('patron_group', 'patron_group.id', 'patron.patron_group_id')
      .select(['patron.id', 'barcode', 'first_name', 'last_name', 'pin_hash', 'expires_on', 'email', 'phone', 'address_line1', 'birth_date', 'patron_group.code as group'])
      .where('patron.institution_id', '=', collegeId).where('barcode', 'in', demoPatrons.map((patron) => patron.barcode)).orderBy('barcode').execute();
    expect(rows.map((row) => [row.barcode, row.first_name, row.last_name, row.group])).toEqual(
      demoPatrons.map((patron) => [patron.barcode, patron.firstName, patron.lastName, patron.group]),
    );
    expect(rows[0]).toMatchObject({ barcode: '21000000000001', first_name: 'María', last_name: 'García' });
    expect(await verifySecret(rows[0]!.pin_hash!, demoPatronPin)).toBe(true);
    expect(new Set(rows.map((row) => row.group))).toEqual(new Set(['undergraduate', 'graduate', 'faculty', 'staff', 'community']));
    expect(rows.every((row) => row.email && row.phone && row.address_line1 && row.birth_date)).toBe(true);
    const expired = rows.filter((row) => row.expires_on! < '2026-11-02');
    expect(expired.map((row) => row.barcode)).toEqual(['21000000000006']);
    const blocks = await db.selectFrom('patron_block').innerJoin('patron', 'patron.id', 'patron_block.patron_id')
      .select(['barcode', 'reason']).where('patron_block.institution_id', '=', collegeId).execute();
    expect(blocks.map((block) => block.barcode)).toEqual(['21000000000007']);
    expect(blocks[0]!.reason).toMatch(/laptop/);
  });

  it('shelves the documented items, available, in barcode order from 31000000000001', async () => {
    const { db } = database();
    const rows = await db.selectFrom('item')
      .innerJoin('instance', 'instance.id', 'item.instance_id')
      .innerJoin('material_type', 'material_type.id', 'item.material_type_id')
      .innerJoin('loan_type', 'loan_type.id', 'item.loan_type_id')
      .innerJoin('holding', 'holding.id', 'item.holding_id')
      .select(['barcode', 'status', 'title', 'language', 'material_type.code as materialType', 'loan_type.code as loanType', 'holding.shelving_order'])
      .where('item.institution_id', '=', collegeId).where('barcode', 'in', demoItems.map((item) => item.barcode)).orderBy('barcode').execute();
    expect(rows.map((row) => [row.barcode, row.title, row.materialType, row.loanType])).toEqual(
      demoItems.map((item) => [item.barcode, item.title, item.materialType, item.loanType]),
    );
    expect(rows.every((row) => row.status === 'available')).toBe(true);
    expect(rows[0]).toMatchObject({ barcode: '31000000000001', materialType: 'book', loanType: 'standard', title: 'To Kill a Mockingbird' });
    expect(rows[0]!.shelving_order).toBeTruthy();
    expect(rows.filter((row) => row.language === 'spa' || row.language === 'fre').map((row) => row.title)).toEqual(['Cien años de soledad', "L'Étranger"]);
  });

  it('keeps generated items on barcodes of their own, mostly available', async () => {
    const { db } = database();
    const statuses = await db.selectFrom('item').select(['status', db.fn.countAll().as('n')]).where('institution_id', '=', collegeId).groupBy('status').execute();
    const available = Number(statuses.find((row) => row.status === 'available')?.n ?? 0);
    expect(available / items).toBeGreaterThan(0.98);
    const unusual = await db.selectFrom('item').select('barcode').where('institution_id', '=', collegeId).where('status', '!=', 'available').execute();
    expect(unusual.every((row) => row.barcode.startsWith('310000001'))).toBe(true);
  });

  it('finds demo titles with the catalogue search, accents or not', async () => {
    const session = await signInAs(app, 'technician', demoStaffPassword);
    for (const [q, title] of [['mockingbird', 'To Kill a Mockingbird'], ['cien anos soledad', 'Cien años de soledad'], ['étranger', "L'Étranger"]] as const) {
      const reply = await session.request({ method: 'GET', url: `/api/v1/catalog/search?q=${encodeURIComponent(q)}` });
      expect(reply.statusCode).toBe(200);
      expect(reply.json().items.map((item: { title: string }) => item.title)).toContain(title);
    }
  });

  it('applies the demo circulation settings: a book for an undergraduate at Riverside is a standard loan', async () => {
    const { db } = database();
    const loanOf = async (patronBarcode: string, itemBarcode: string) => {
      const patron = await db.selectFrom('patron').select('patron_group_id').where('institution_id', '=', collegeId).where('barcode', '=', patronBarcode).executeTakeFirstOrThrow();
      const item = await db.selectFrom('item').innerJoin('holding', 'holding.id', 'item.holding_id')
        .select(['item.material_type_id', 'item.loan_type_id', 'holding.location_id']).where('item.institution_id', '=', collegeId).where('item.barcode', '=', itemBarcode).executeTakeFirstOrThrow();
      return resolveCirculationRule(db, {
        institutionId: collegeId, patronGroupId: patron.patron_group_id, materialTypeId: item.material_type_id, loanTypeId: item.loan_type_id, locationId: item.location_id,
      });
    };
    const standard = await loanOf('21000000000001', '31000000000001');
    expect(standard.loanPolicy).toMatchObject({ code: 'standard-loan', settings: { loanPeriod: { kind: 'rolling', period: { amount: 21, unit: 'days' } }, renewals: { maxRenewals: 2 } } });
    expect(standard.rule.isFallback).toBe(true);
    expect((await loanOf('21000000000003', '31000000000001')).loanPolicy.code).toBe('faculty-term');
    expect((await loanOf('21000000000002', '31000000000001')).loanPolicy.code).toBe('graduate-loan');
    expect((await loanOf('21000000000001', '31000000000012')).overdueFinePolicy.code).toBe('equipment-fines');
    expect((await loanOf('21000000000001', '31000000000017')).loanPolicy.code).toBe('reserve-2-hour');
    expect((await loanOf('21000000000003', '31000000000018')).loanPolicy).toMatchObject({ code: 'non-circulating', settings: { loanable: false } });
    const audit = await db.selectFrom('audit_event').select('after').where('institution_id', '=', collegeId).where('action', '=', 'config.apply').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after ?? '{}')).toMatchObject({ file: 'demo-library.yaml', sections: { circulationRules: { created: 12 } } });
  });

  it('refuses to seed the demo college twice', async () => {
    await expect(seedDemo(database(), clock, { items: 10, patrons: 0 })).rejects.toMatchObject({ code: 'DUPLICATE_CODE' });
    expect(await demoSignInHint(database().db)).toMatch(/admin/);
  });
});
