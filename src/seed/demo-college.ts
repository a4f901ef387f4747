import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { ensureBuiltInRoles } from '../modules/staff/index.ts';
import { newId } from '../platform/ids.ts';
import { insertRows } from '../db/bulk-insert.ts';

/** Opening hours of one desk: weekday 1 = Monday ... 7 = Sunday; a missing weekday is closed. */
type WeeklyHours = Partial<Record<1 | 2 | 3 | 4 | 5 | 6 | 7, [opens: string, closes: string]>>;

interface ServicePointSpec {
  code: string;
  name: string;
  isPickupPoint: boolean;
  hours: WeeklyHours;
}

interface LibrarySpec {
  campus: { code: string; name: string };
  code: string;
  name: string;
  servicePoints: ServicePointSpec[];
  /** Shelving locations [code suffix, name]; served by the first service point. */
  locations: [string, string][];
}

export interface InstitutionSpec {
  code: string;
  name: string;
  libraries: LibrarySpec[];
}

/** What later steps need: ids by code. */
export interface SeededInstitution {
  institutionId: string;
  locations: Record<string, string>;
  materialTypes: Record<string, string>;
  loanTypes: Record<string, string>;
  patronGroups: Record<string, string>;
  roles: Record<string, string>;
}

const weekdays = (opens: string, closes: string): WeeklyHours => ({ 1: [opens, closes], 2: [opens, closes], 3: [opens, closes], 4: [opens, closes] });

export const collegeSpec: InstitutionSpec = {
  code: 'WVC',
  name: 'Willamette Valley College',
  libraries: [
    {
      campus: { code: 'RIVERSIDE', name: 'Riverside' },
      code: 'RIV',
      name: 'Riverside Library',
      servicePoints: [
        {
          code: 'RIV-CIRC', name: 'Riverside Circulation Desk', isPickupPoint: true,
          hours: { ...weekdays('07:30', '23:00'), 5: ['07:30', '18:00'], 6: ['10:00', '18:00'], 7: ['12:00', '23:00'] },
        },
        {
          code: 'RIV-RESV', name: 'Riverside Reserves Desk', isPickupPoint: false,
          hours: { ...weekdays('08:00', '22:00'), 5: ['08:00', '17:00'], 6: ['12:00', '17:00'], 7: ['13:00', '22:00'] },
        },
      ],
      locations: [['STACKS', 'Stacks'], ['REF', 'Reference'], ['RES', 'Course Reserves'], ['MEDIA', 'Media'], ['PER', 'Periodicals'], ['EQUIP', 'Equipment'], ['FOLIO', 'Oversize']],
    },
    {
      campus: { code: 'HILLCREST', name: 'Hillcrest' },
      code: 'HIL',
      name: 'Hillcrest Library',
      servicePoints: [
        {
          code: 'HIL-CIRC', name: 'Hillcrest Circulation Desk', isPickupPoint: true,
          hours: { ...weekdays('08:00', '21:00'), 5: ['08:00', '17:00'], 6: ['10:00', '16:00'] },
        },
      ],
      locations: [['STACKS', 'Stacks'], ['REF', 'Reference'], ['MEDIA', 'Media'], ['EQUIP', 'Equipment']],
    },
  ],
};

export const partnerSpec: InstitutionSpec = {
  code: 'CGU',
  name: 'Cascade Gorge University',
  libraries: [
    {
      campus: { code: 'HOODRIVER', name: 'Hood River' },
      code: 'GOR',
      name: 'Gorge Library',
      servicePoints: [
        {
          code: 'GOR-CIRC', name: 'Gorge Library Circulation Desk', isPickupPoint: true,
          hours: { ...weekdays('08:00', '20:00'), 5: ['08:00', '17:00'], 6: ['11:00', '17:00'], 7: ['13:00', '20:00'] },
        },
      ],
      locations: [['STACKS', 'Stacks'], ['REF', 'Reference']],
    },
  ],
};

// Academic year 2026–27 closures (US federal holidays the college observes) and special hours.
const closures: [name: string, from: string, to: string][] = [
  ['Labor Day', '2026-09-07', '2026-09-07'],
  ['Thanksgiving', '2026-11-26', '2026-11-27'],
  ['Winter break', '2026-12-24', '2027-01-01'],
  ['Martin Luther King Jr. Day', '2027-01-18', '2027-01-18'],
  ["Presidents' Day", '2027-02-15', '2027-02-15'],
  ['Memorial Day', '2027-05-31', '2027-05-31'],
  ['Juneteenth (observed)', '2027-06-18', '2027-06-18'],
  ['Independence Day', '2027-07-04', '2027-07-05'],
];
const specialHours: [name: string, from: string, to: string, opens: string, closes: string][] = [
  ['Finals week: open late', '2026-12-07', '2026-12-11', '07:30', '24:00'],
  ['Spring break', '2027-03-22', '2027-03-26', '09:00', '17:00'],
];

export const materialTypes: [code: string, name: string][] = [
  ['book', 'Book'], ['dvd', 'DVD'], ['laptop', 'Laptop'], ['camera', 'Camera'], ['voice-recorder', 'Voice recorder'],
  ['tablet', 'Tablet'], ['periodical', 'Periodical'], ['reserve-copy', 'Reserve copy'],
];
export const loanTypes: [code: string, name: string][] = [
  ['standard', 'Standard'], ['4-hour-reserve', '4-hour reserve'], ['2-hour-reserve', '2-hour reserve'], ['7-day', '7-day loan'],
  ['in-library-use', 'In-library use only'], ['non-circulating', 'Non-circulating'],
];
export const patronGroups: [code: string, name: string][] = [
  ['undergraduate', 'Undergraduate'], ['graduate', 'Graduate student'], ['faculty', 'Faculty'], ['staff', 'Staff'], ['community', 'Community borrower'],
];

/** Institution, campuses, libraries, desks with hours and closures, shelving locations, reference types, roles. */
export async function seedInstitution(trx: Kysely<Database>, spec: InstitutionSpec, now: string): Promise<SeededInstitution> {
  const institutionId = newId();
  await trx
    .insertInto('institution')
    .values({ id: institutionId, code: spec.code, name: spec.name, currency: 'USD', time_zone: 'America/Los_Angeles', locale: 'en-US', created_at: now, updated_at: now })
    .execute();
  const locations: Record<string, string> = {};
  const hours: Record<string, unknown>[] = [];
  const exceptions: Record<string, unknown>[] = [];
  for (const library of spec.libraries) {
    const campusId = newId();
    const libraryId = newId();
    await trx.insertInto('campus').values({ id: campusId, institution_id: institutionId, ...library.campus }).execute();
    await trx.insertInto('library').values({ id: libraryId, institution_id: institutionId, campus_id: campusId, code: library.code, name: library.name }).execute();
    const servicePointIds: string[] = [];
    for (const point of library.servicePoints) {
      const servicePointId = newId();
      servicePointIds.push(servicePointId);
      await trx
        .insertInto('service_point')
        .values({
          id: servicePointId, institution_id: institutionId, library_id: libraryId, code: point.code, name: point.name,
          discovery_name: point.isPickupPoint ? library.name : null, is_pickup_point: point.isPickupPoint, hold_shelf_expiry_days: 7, time_zone: null, active: true,
        })
        .execute();
      for (const [weekday, span] of Object.entries(point.hours)) {
        hours.push({
          id: newId(), institution_id: institutionId, service_point_id: servicePointId, weekday: Number(weekday),
          opens_at: span[0], closes_at: span[1], valid_from: null, valid_to: null,
        });
      }
      for (const [name, start, end] of closures) {
        exceptions.push({ id: newId(), institution_id: institutionId, service_point_id: servicePointId, name, kind: 'closed', start_date: start, end_date: end, opens_at: null, closes_at: null });
      }
      for (const [name, start, end, opens, closes] of specialHours) {
        exceptions.push({ id: newId(), institution_id: institutionId, service_point_id: servicePointId, name, kind: 'special-hours', start_date: start, end_date: end, opens_at: opens, closes_at: closes });
      }
    }
    const desk = servicePointIds[0] ?? null;
    for (const [suffix, name] of library.locations) {
      const code = `${library.code}-${suffix}`;
      const locationId = newId();
      locations[code] = locationId;
      await trx
        .insertInto('location')
        .values({ id: locationId, institution_id: institutionId, library_id: libraryId, code, name: `${library.name} ${name}`, primary_service_point_id: desk, active: true })
        .execute();
      const servingDesks = suffix === 'RES' && servicePointIds[1] ? [servicePointIds[1]] : servicePointIds;
      for (const servicePointId of servingDesks) {
        await trx.insertInto('service_point_location').values({ service_point_id: servicePointId, location_id: locationId }).execute();
      }
    }
  }
  await insertRows(trx, 'calendar_hours', hours);
  await insertRows(trx, 'calendar_exception', exceptions);
  await ensureBuiltInRoles(trx, institutionId);
  const roleRows = await trx.selectFrom('staff_role').select(['id', 'code']).where('institution_id', '=', institutionId).execute();
  return {
    institutionId,
    locations,
    materialTypes: await insertReferenceTypes(trx, 'material_type', institutionId, materialTypes),
    loanTypes: await insertReferenceTypes(trx, 'loan_type', institutionId, loanTypes),
    patronGroups: await insertReferenceTypes(trx, 'patron_group', institutionId, patronGroups),
    roles: Object.fromEntries(roleRows.map((role) => [role.code, role.id])),
  };
}

async function insertReferenceTypes(
  trx: Kysely<Database>,
  table: 'material_type' | 'loan_type' | 'patron_group',
  institutionId: string,
  types: [string, string][],
): Promise<Record<string, string>> {
  const rows = types.map(([code, name]) => ({ id: newId(), institution_id: institutionId, code, name, description: null }));
  await insertRows(trx, table, rows);
  return Object.fromEntries(rows.map((row) => [row.code, row.id]));
}
