import type { Kysely } from 'kysely';
import type { Database, RequestStatus } from '../../db/schema.ts';
import { firstAuthorsOfTitles, instanceIdsOfItems } from '../catalog/index.ts';
import { openLoansOfPatron, type LoanView } from '../circulation/index.ts';
import { patronFeeAccount } from '../fees/index.ts';
import { patronOwnView } from '../patrons/index.ts';
import { openRequestsOfPatron, type RequestView } from '../requests/index.ts';
import type { PortalLibrary } from './portal-session.queries.ts';

/**
 * What a patron sees of their own account: written for them, so without staff-only facts (no
 * notes, no block reasons, no other patron's name, no item history). Every query here is scoped to
 * the signed-in patron by the caller.
 */
export interface PortalLoan {
  id: string;
  title: string;
  author: string | null;
  itemBarcode: string;
  callNumber: string | null;
  loanedAt: string;
  dueAt: string;
  overdue: boolean;
  recalled: boolean;
  renewals: number;
}

export interface PortalRequest {
  id: string;
  type: 'hold' | 'page' | 'recall';
  status: RequestStatus;
  title: string;
  author: string | null;
  /** Place in the line while the request waits for a copy; null once a copy is on its way or ready. */
  position: number | null;
  pickup: { id: string; name: string };
  holdShelfExpiresAt: string | null;
  requestedAt: string;
  notNeededAfter: string | null;
}

export interface PortalFee {
  id: string;
  feeType: string;
  title: string | null;
  amountCents: number;
  remainingCents: number;
  createdAt: string;
}

export interface PortalAccount {
  patron: { displayName: string; email: string | null; expiresOn: string | null; group: string };
  library: PortalLibrary;
  borrowingBlocked: boolean;
  /** What staff wrote for the patron on their blocks (never the staff-only reason). */
  blockMessages: string[];
  loans: PortalLoan[];
  requests: PortalRequest[];
  fees: { balanceCents: number; items: PortalFee[] };
}

/** A patron never has more open loans or requests than this on one page of the portal. */
const portalListLimit = 500;

export async function portalLoansOf(db: Kysely<Database>, institutionId: string, patronId: string, now: Date, loanIds?: string[]): Promise<PortalLoan[]> {
  const open = await openLoansOfPatron(db, institutionId, patronId, now, portalListLimit);
  const loans = loanIds ? open.filter((loan) => loanIds.includes(loan.id)) : open;
  const instances = await instanceIdsOfItems(db, institutionId, loans.map((loan) => loan.item.id));
  const authors = await firstAuthorsOfTitles(db, institutionId, [...instances.values()]);
  return loans.map((loan) => portalLoanOf(loan, authors.get(instances.get(loan.item.id) ?? '') ?? null));
}

function portalLoanOf(loan: LoanView, author: string | null): PortalLoan {
  return {
    id: loan.id,
    title: loan.item.title,
    author,
    itemBarcode: loan.item.barcode,
    callNumber: loan.item.callNumber,
    loanedAt: loan.loanedAt,
    dueAt: loan.dueAt,
    overdue: loan.overdue,
    recalled: loan.recalledAt !== null,
    renewals: loan.renewalCount,
  };
}

export async function portalRequestsOf(db: Kysely<Database>, institutionId: string, patronId: string): Promise<PortalRequest[]> {
  const open = await openRequestsOfPatron(db, institutionId, patronId, portalListLimit);
  const authors = await firstAuthorsOfTitles(db, institutionId, open.map((request) => request.instance.id));
  return open.map((request) => portalRequestOf(request, authors.get(request.instance.id) ?? null));
}

export function portalRequestOf(request: RequestView, author: string | null): PortalRequest {
  return {
    id: request.id,
    type: request.type,
    status: request.status,
    title: request.instance.title,
    author,
    position: request.status === 'open-not-yet-filled' ? request.queuePosition : null,
    pickup: request.pickupServicePoint,
    holdShelfExpiresAt: request.holdShelfExpiresAt,
    requestedAt: request.createdAt,
    notNeededAfter: request.notNeededAfter,
  };
}

export async function portalAccountOf(db: Kysely<Database>, library: PortalLibrary, institutionId: string, patronId: string, now: Date): Promise<PortalAccount> {
  const patron = await patronOwnView(db, institutionId, patronId, now);
  const fees = await patronFeeAccount(db, institutionId, patronId, 'open');
  return {
    patron: {
      displayName: patron.displayName,
      email: patron.email,
      expiresOn: patron.expiresOn,
      group: patron.group,
    },
    library,
    borrowingBlocked: patron.borrowingBlocked,
    blockMessages: patron.blockMessages,
    loans: await portalLoansOf(db, institutionId, patronId, now),
    requests: await portalRequestsOf(db, institutionId, patronId),
    fees: {
      balanceCents: fees.balanceCents,
      items: fees.fees.map((fee) => ({
        id: fee.id,
        feeType: fee.feeType.name,
        title: fee.itemTitle,
        amountCents: fee.originalAmountCents,
        remainingCents: fee.balanceCents,
        createdAt: fee.createdAt,
      })),
    },
  };
}
