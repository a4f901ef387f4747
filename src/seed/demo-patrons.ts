import type { Faker } from '@faker-js/faker';
import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { Database } from '../db/schema.ts';
import { nameKeyOf, searchTextOf } from '../modules/patrons/index.ts';
import { newId } from '../platform/ids.ts';
import { insertRows } from '../db/bulk-insert.ts';
import type { SeededInstitution } from './demo-college.ts';
import { demoPatrons } from './demo-identities.ts';

const oregonTowns: [city: string, postalCode: string][] = [
  ['Salem', '97301'], ['Salem', '97302'], ['Salem', '97304'], ['Keizer', '97303'], ['Corvallis', '97330'], ['Albany', '97321'],
  ['McMinnville', '97128'], ['Monmouth', '97361'], ['Independence', '97351'], ['Silverton', '97381'], ['Woodburn', '97071'],
  ['Dallas', '97338'], ['Newberg', '97132'], ['Eugene', '97401'], ['Portland', '97214'], ['Stayton', '97383'],
];
const gorgeTowns: [string, string][] = [['Hood River', '97031'], ['The Dalles', '97058'], ['Cascade Locks', '97014'], ['Mosier', '97040']];
const areaCodes = ['503', '971', '541'];

// Share of generated patrons in each group (undergraduates dominate a college's borrowers).
const groupShares: [group: string, share: number][] = [['undergraduate', 0.66], ['graduate', 0.12], ['faculty', 0.09], ['staff', 0.08], ['community', 0.05]];
const ageRanges: Record<string, [number, number]> = { undergraduate: [18, 26], graduate: [22, 45], faculty: [29, 72], staff: [21, 66], community: [18, 88] };

export interface PatronPlan {
  count: number;
  barcodeBase: number;
  externalIdPrefix: string;
  emailDomain: string;
  withIdentities: boolean;
}

interface Names {
  english: Faker;
  spanish: Faker;
}

/** Patrons with complete records; the documented ones first, with the PIN 1234 (hashed once by the caller). */
export async function seedPatrons(
  trx: Kysely<Database>, names: Names, institution: SeededInstitution, plan: PatronPlan, pinHash: string, now: Date,
): Promise<number> {
  const stamp = now.toISOString();
  const today = DateTime.fromJSDate(now, { zone: 'America/Los_Angeles' });
  const endOfYear = today.month >= 7 ? today.year + 1 : today.year;
  const rows: Record<string, unknown>[] = [];
  const blocks: Record<string, unknown>[] = [];
  const groupId = (code: string) => {
    const id = institution.patronGroups[code];
    if (!id) throw new Error(`demo patrons: no patron group ${code}`);
    return id;
  };
  const row = (fields: {
    barcode: string; group: string; externalId: string; firstName: string; middleName: string | null; lastName: string; preferredFirstName: string | null;
    email: string; phone: string; addressLine1: string; addressLine2: string | null; city: string; postalCode: string; birthDate: string; expiresOn: string;
  }) => ({
    id: newId(), institution_id: institution.institutionId, barcode: fields.barcode, patron_group_id: groupId(fields.group), external_id: fields.externalId,
    first_name: fields.firstName, middle_name: fields.middleName, last_name: fields.lastName, preferred_first_name: fields.preferredFirstName,
    email: fields.email, phone: fields.phone, address_line1: fields.addressLine1, address_line2: fields.addressLine2, city: fields.city, region: 'OR',
    postal_code: fields.postalCode, country: 'US', birth_date: fields.birthDate, expires_on: fields.expiresOn, status: 'active', pin_hash: pinHash,
    keep_loan_history: false, created_at: stamp, updated_at: stamp,
    name_key: nameKeyOf(fields), search_text: searchTextOf(fields),
  });

  if (plan.withIdentities) {
    for (const identity of demoPatrons) {
      const expiresOn = identity.expired ? today.minus({ days: 45 }).toISODate()! : expiryFor(identity.group, endOfYear, today);
      const patron = row({ ...identity, middleName: null, preferredFirstName: null, addressLine2: null, expiresOn });
      rows.push(patron);
      if (identity.blockReason) {
        blocks.push({
          id: newId(), institution_id: institution.institutionId, patron_id: patron.id, reason: identity.blockReason,
          patron_message: 'Please see the circulation desk before borrowing.', blocks_borrowing: true, blocks_renewals: true, blocks_requests: true,
          expires_at: null, created_by: null, created_at: stamp,
        });
      }
    }
  }
  const towns = plan.withIdentities ? oregonTowns : gorgeTowns;
  for (let index = 0; index < plan.count; index += 1) {
    const faker = names.english.number.int({ min: 1, max: 100 }) <= 18 ? names.spanish : names.english;
    const group = pickGroup(names.english.number.float());
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    const [minimumAge, maximumAge] = ageRanges[group] ?? [18, 80];
    const birthDate = today.minus({ years: names.english.number.int({ min: minimumAge, max: maximumAge }), days: names.english.number.int({ min: 0, max: 364 }) });
    const [city, postalCode] = names.english.helpers.arrayElement(towns);
    const expired = names.english.number.int({ min: 1, max: 100 }) <= 3;
    const mailbox = `${asciiOf(firstName)}.${asciiOf(lastName)}${index + 1}`;
    rows.push(
      row({
        barcode: String(plan.barcodeBase + index), group, externalId: `${plan.externalIdPrefix}${String(10_000_000 + index)}`,
        firstName, middleName: names.english.number.int({ min: 1, max: 10 }) <= 3 ? names.english.person.middleName() : null, lastName,
        preferredFirstName: names.english.number.int({ min: 1, max: 100 }) <= 4 ? names.english.person.firstName() : null,
        email: group === 'community' ? `${mailbox}@example.com` : `${mailbox}@${group === 'undergraduate' || group === 'graduate' ? 'students.' : ''}${plan.emailDomain}`,
        phone: `${names.english.helpers.arrayElement(areaCodes)}-555-01${names.english.string.numeric(2)}`,
        addressLine1: names.english.location.streetAddress(), addressLine2: names.english.number.int({ min: 1, max: 10 }) <= 2 ? `Apt ${names.english.number.int({ min: 1, max: 40 })}` : null,
        city, postalCode, birthDate: birthDate.toISODate()!,
        expiresOn: expired ? today.minus({ days: names.english.number.int({ min: 1, max: 300 }) }).toISODate()! : expiryFor(group, endOfYear, today),
      }),
    );
  }
  await insertRows(trx, 'patron', rows);
  await insertRows(trx, 'patron_block', blocks);
  return rows.length;
}

/** Students expire at the end of the academic year, employees a year after that, community borrowers in a year. */
function expiryFor(group: string, endOfYear: number, today: DateTime): string {
  if (group === 'undergraduate' || group === 'graduate') return `${endOfYear}-06-30`;
  if (group === 'faculty' || group === 'staff') return `${endOfYear + 1}-06-30`;
  return today.plus({ years: 1 }).toISODate()!;
}

function pickGroup(roll: number): string {
  let total = 0;
  for (const [group, share] of groupShares) {
    total += share;
    if (roll < total) return group;
  }
  return 'undergraduate';
}

function asciiOf(name: string): string {
  return name.normalize('NFKD').replace(/[^A-Za-z]/g, '').toLowerCase();
}
