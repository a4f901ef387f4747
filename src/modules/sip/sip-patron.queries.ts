import type { Kysely } from 'kysely';
import type { Database, LoanState, RequestStatus } from '../../db/schema.ts';
import { borrowerByBarcode, resolveCirculationRule, type CirculationPatron } from '../circulation/index.ts';
import { patronFeeAccount, type FeeView } from '../fees/index.ts';

/**
 * Everything 23, 63, 01 and 25 say about a patron, read in a few queries (scoped to the kiosk's institution).
 * A declared read model (docs/architecture.md, "Read models"): patrons, org, circulation and requests tables
 * read for the kiosk's display; refusals still come from the services (check-out, renewal, requests).
 */
export interface SipPatronStanding {
  patron: CirculationPatron;
  details: {
    email: string | null;
    phone: string | null;
    address: string | null;
    birthDate: string | null;
    groupCode: string;
    internetPrivileges: boolean;
    createdAt: string;
  };
  loans: { itemBarcode: string; title: string; dueAt: string; recalledAt: string | null; state: LoanState }[];
  requests: { itemBarcode: string | null; title: string; status: RequestStatus; createdAt: string }[];
  /** Blocks that stop requests (holds, recalls), in force or not. */
  requestBlocks: { expiresAt: string | null }[];
  /** Blocks a kiosk placed with 01 block patron, in force or not. */
  kioskBlocks: { expiresAt: string | null }[];
  fees: FeeView[];
  feeBalanceCents: number;
  currency: string;
  institutionCode: string;
}

export async function loadSipPatron(db: Kysely<Database>, institutionId: string, barcode: string): Promise<SipPatronStanding | undefined> {
  const patron = await borrowerByBarcode(db, institutionId, barcode);
  if (!patron) return undefined;
  const [row, loans, requests, feeAccount, blocks] = await Promise.all([
    db
      .selectFrom('patron')
      .innerJoin('patron_group', 'patron_group.id', 'patron.patron_group_id')
      .innerJoin('institution', 'institution.id', 'patron.institution_id')
      .select([
        'patron.email', 'patron.phone', 'patron.address_line1', 'patron.address_line2', 'patron.city', 'patron.region', 'patron.postal_code',
        'patron.country', 'patron.birth_date', 'patron.created_at', 'patron_group.code as group_code', 'patron_group.internet_privileges',
        'institution.currency', 'institution.code as institution_code',
      ])
      .where('patron.institution_id', '=', institutionId)
      .where('patron.id', '=', patron.id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('loan')
      .innerJoin('item', 'item.id', 'loan.item_id')
      .innerJoin('instance', 'instance.id', 'item.instance_id')
      .select(['item.barcode', 'instance.title', 'loan.due_at', 'loan.recalled_at', 'loan.state', 'loan.loaned_at'])
      .where('loan.institution_id', '=', institutionId)
      .where('loan.patron_id', '=', patron.id)
      .where('loan.status', '=', 'open')
      .orderBy('loan.due_at')
      .orderBy('item.barcode')
      .execute(),
    db
      .selectFrom('request')
      .innerJoin('instance', 'instance.id', 'request.instance_id')
      .leftJoin('item', 'item.id', 'request.item_id')
      .select(['item.barcode', 'instance.title', 'request.status', 'request.created_at'])
      .where('request.institution_id', '=', institutionId)
      .where('request.patron_id', '=', patron.id)
      .where('request.status', 'in', ['open-not-yet-filled', 'open-in-transit', 'open-awaiting-pickup'])
      .orderBy('request.created_at')
      .orderBy('request.id')
      .execute(),
    patronFeeAccount(db, institutionId, patron.id, 'open'),
    db
      .selectFrom('patron_block')
      .select(['expires_at', 'blocks_requests', 'placed_by'])
      .where('institution_id', '=', institutionId)
      .where('patron_id', '=', patron.id)
      .execute(),
  ]);
  const street = [row.address_line1, row.address_line2].filter(Boolean).join(', ');
  const place = [row.city, [row.region, row.postal_code].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const address = [street, place, row.country].filter(Boolean).join(', ');
  return {
    patron,
    details: {
      email: row.email,
      phone: row.phone,
      address: address || null,
      birthDate: row.birth_date,
      groupCode: row.group_code,
      internetPrivileges: Boolean(row.internet_privileges),
      createdAt: row.created_at,
    },
    loans: loans.map((loan) => ({ itemBarcode: loan.barcode, title: loan.title, dueAt: loan.due_at, recalledAt: loan.recalled_at, state: loan.state })),
    requests: requests.map((request) => ({ itemBarcode: request.barcode, title: request.title, status: request.status, createdAt: request.created_at })),
    requestBlocks: blocks.filter((block) => Boolean(block.blocks_requests)).map((block) => ({ expiresAt: block.expires_at })),
    kioskBlocks: blocks.filter((block) => block.placed_by === 'sip').map((block) => ({ expiresAt: block.expires_at })),
    fees: feeAccount.fees.filter((fee) => fee.balanceCents > 0),
    feeBalanceCents: feeAccount.balanceCents,
    currency: row.currency,
    institutionCode: row.institution_code,
  };
}

/**
 * The hold items limit (BZ) of a patron: patron groups carry no request limit of their own, so it is the
 * open-request limit of the request policy that governs the group when no item narrows the rule (the
 * patron group's own rule, else the fallback). Undefined when that policy sets no limit.
 */
export async function holdItemsLimitOf(db: Kysely<Database>, institutionId: string, patron: CirculationPatron): Promise<number | undefined> {
  const noItem = { patronGroupId: patron.patronGroupId, materialTypeId: '', loanTypeId: '', locationId: '', libraryId: '', campusId: '' };
  const labels = { patronGroup: patron.patronGroupId, materialType: '', loanType: '', location: '', library: '', campus: '' };
  const applied = await resolveCirculationRule(db, { institutionId, ...noItem }, { facts: noItem, labels });
  return applied.requestPolicy.settings.maxOpenRequests ?? undefined;
}
