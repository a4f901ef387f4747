import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../platform/errors.ts';
import { deskSummaryOf, isServicePointOfInstitution, type DeskSummary } from './desk-summary.queries.ts';
import { pickListOf, type PickListEntry } from './pick-list.queries.ts';
import { holdSlipOf, type HoldSlip } from './request-queue.queries.ts';
import { listRequests, type RequestFilter, type RequestView } from './request.queries.ts';

/** What the request screens and a desk read: request lists, pick list, hold slips, the morning summary. */

/** A desk of another institution, or none, is refused before its lists are read. */
export async function requireKnownServicePoint(db: Kysely<Database>, institutionId: string, servicePointId: string): Promise<void> {
  if (!(await isServicePointOfInstitution(db, institutionId, servicePointId))) throw new DomainError('SERVICE_POINT_NOT_FOUND', 'There is no such service point.', { servicePointId });
}

export async function requestsPage(db: Kysely<Database>, filter: RequestFilter): Promise<{ items: RequestView[]; total: number }> {
  return listRequests(db, filter);
}

export async function pickListOfDesk(db: Kysely<Database>, institutionId: string, servicePointId: string): Promise<PickListEntry[]> {
  return pickListOf(db, institutionId, servicePointId);
}

/** The hold slip of a request waiting on a hold shelf; any other request is refused. */
export async function requireHoldSlip(db: Kysely<Database>, institutionId: string, requestId: string): Promise<HoldSlip> {
  const slip = await holdSlipOf(db, institutionId, requestId);
  if (!slip) throw new DomainError('REQUEST_NOT_FOUND', 'This request is not waiting on a hold shelf.', { requestId });
  return slip;
}

export async function deskSummaryOfDesk(db: Kysely<Database>, institutionId: string, servicePointId: string, now: Date): Promise<DeskSummary> {
  return deskSummaryOf(db, institutionId, servicePointId, now);
}
