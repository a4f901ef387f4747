import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { calendarOfServicePoint } from '../org/index.ts';
import { itemForRuleTest, patronForRuleTest, primaryServicePointOfLocation } from './circulation-rule-tester.queries.ts';
import { idOfReference, type ReferenceTable } from './circulation-rules.queries.ts';
import { resolveCirculationRule, type AppliedPolicies } from './circulation-rules.service.ts';
import { dueDateForLoan } from './due-date.policy.ts';
import { fixedDueDateSchedulesOf } from './policies.queries.ts';

/** A patron and an item by barcode, or the criteria themselves (ids or codes); criteria given win over the barcodes'. */
export interface RuleTestInput {
  patronBarcode?: string | undefined;
  itemBarcode?: string | undefined;
  patronGroup?: string | undefined;
  materialType?: string | undefined;
  loanType?: string | undefined;
  location?: string | undefined;
  /** where the loan would be made, for the due date preview; defaults to the location's primary service point */
  servicePointId?: string | undefined;
}

export interface DueDatePreview {
  servicePointId: string;
  loanedAt: string;
  dueAt: string | null;
  explanation: string[];
}

export interface RuleTestResult extends AppliedPolicies {
  criteria: { patronGroupId: string; materialTypeId: string; loanTypeId: string; locationId: string };
  dueDatePreview: DueDatePreview | null;
}

async function referenceOrThrow(db: Kysely<Database>, table: ReferenceTable, institutionId: string, reference: string, field: string): Promise<string> {
  const id = await idOfReference(db, table, institutionId, reference);
  if (!id) throw new DomainError('VALIDATION_FAILED', `There is no ${field.replace(/([A-Z])/g, ' $1').toLowerCase()} '${reference}'.`, [{ field: `body.${field}`, message: 'not found' }]);
  return id;
}

/** Which rule and policies a loan would get, why, and when it would be due if made now. */
export async function testCirculationRules(db: Kysely<Database>, clock: Clock, institutionId: string, input: RuleTestInput): Promise<RuleTestResult> {
  let patronGroupId: string | undefined;
  let patronExpiresOn: string | null = null;
  let materialTypeId: string | undefined;
  let loanTypeId: string | undefined;
  let locationId: string | undefined;
  if (input.patronBarcode) {
    const patron = await patronForRuleTest(db, institutionId, input.patronBarcode);
    if (!patron) throw new DomainError('PATRON_NOT_FOUND', `No patron has barcode ${input.patronBarcode}.`, { patronBarcode: input.patronBarcode });
    patronGroupId = patron.patron_group_id;
    patronExpiresOn = patron.expires_on;
  }
  if (input.itemBarcode) {
    const item = await itemForRuleTest(db, institutionId, input.itemBarcode);
    if (!item) throw new DomainError('ITEM_NOT_FOUND', `No item has barcode ${input.itemBarcode}.`, { itemBarcode: input.itemBarcode });
    materialTypeId = item.material_type_id;
    loanTypeId = item.temporary_loan_type_id ?? item.loan_type_id;
    locationId = item.temporary_location_id ?? item.location_id;
  }
  if (input.patronGroup) patronGroupId = await referenceOrThrow(db, 'patron_group', institutionId, input.patronGroup, 'patronGroup');
  if (input.materialType) materialTypeId = await referenceOrThrow(db, 'material_type', institutionId, input.materialType, 'materialType');
  if (input.loanType) loanTypeId = await referenceOrThrow(db, 'loan_type', institutionId, input.loanType, 'loanType');
  if (input.location) locationId = await referenceOrThrow(db, 'location', institutionId, input.location, 'location');
  if (!patronGroupId || !materialTypeId || !loanTypeId || !locationId) {
    const missing = [!patronGroupId && 'patronGroup', !materialTypeId && 'materialType', !loanTypeId && 'loanType', !locationId && 'location'].filter((field): field is string => Boolean(field));
    throw new DomainError('VALIDATION_FAILED', `Give a patron and an item by barcode, or say which ${missing.join(', ')} to test.`, missing.map((field) => ({ field: `body.${field}`, message: 'required' })));
  }
  const criteria = { patronGroupId, materialTypeId, loanTypeId, locationId };
  const applied = await resolveCirculationRule(db, { institutionId, ...criteria });
  const dueDatePreview = await previewDueDate(db, clock, institutionId, applied, locationId, patronExpiresOn, input.servicePointId);
  return { ...applied, criteria, dueDatePreview };
}

/** Best effort: a preview the tester can do without (no desk, a policy that does not lend, a calendar problem). */
async function previewDueDate(
  db: Kysely<Database>,
  clock: Clock,
  institutionId: string,
  applied: AppliedPolicies,
  locationId: string,
  patronExpiresOn: string | null,
  servicePointId: string | undefined,
): Promise<DueDatePreview | null> {
  if (!applied.loanPolicy.settings.loanable) return null;
  const deskId = servicePointId ?? (await primaryServicePointOfLocation(db, institutionId, locationId));
  if (!deskId) return null;
  const calendar = await calendarOfServicePoint(db, institutionId, deskId);
  const fixedSchedules = await fixedDueDateSchedulesOf(db, institutionId);
  const loanedAt = clock.now();
  try {
    const result = dueDateForLoan(applied.loanPolicy.settings, loanedAt, { calendar, patronExpiresOn, fixedSchedules, itemHasRequests: false });
    return { servicePointId: deskId, loanedAt: loanedAt.toISOString(), dueAt: result.dueAt.toISOString(), explanation: result.explanation };
  } catch (error) {
    // a policy the desk cannot apply says why; a calculation not yet available shows no preview
    if (error instanceof DomainError) return { servicePointId: deskId, loanedAt: loanedAt.toISOString(), dueAt: null, explanation: [error.message] };
    return null;
  }
}
