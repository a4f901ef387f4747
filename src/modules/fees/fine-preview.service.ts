import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { OverdueFinePolicySettings } from '../policies/index.ts';
import { calendarOfServicePoint } from '../org/index.ts';
import { requireInstitution } from '../org/index.ts';
import { calculateOverdueFine, type OverdueFine } from './overdue-fine.policy.ts';

export interface FinePreviewRequest {
  policy: OverdueFinePolicySettings;
  dueAt: Date;
  returnedAt: Date;
  replacementCostCents?: number | null;
  /** Its calendar gives the time zone and the closed days; without one, the institution's time zone is used. */
  servicePointId?: string;
  recalled?: boolean;
}

/**
 * What a policy being edited would charge, before it is saved: nothing is written. Throws
 * SERVICE_POINT_NOT_FOUND for another institution's service point.
 */
export async function previewOverdueFine(db: Kysely<Database>, institutionId: string, request: FinePreviewRequest): Promise<OverdueFine> {
  const institution = await requireInstitution(db, institutionId);
  const calendar = request.servicePointId ? await calendarOfServicePoint(db, institutionId, request.servicePointId) : undefined;
  return calculateOverdueFine({
    policy: request.policy,
    dueAt: request.dueAt,
    returnedAt: request.returnedAt,
    replacementCostCents: request.replacementCostCents,
    recalled: request.recalled,
    calendar,
    timeZone: institution.time_zone,
    currency: institution.currency,
  });
}
