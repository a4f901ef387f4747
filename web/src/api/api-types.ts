// The shapes the staff client reads from /api/v1. Optional fields may be missing from older servers.

export interface Named {
  id?: string;
  code?: string;
  name: string;
}

export interface StaffSession {
  staff: {
    id: string;
    username: string;
    displayName: string;
    role: { code: string; name: string };
    institution: { id: string; code: string; name: string; currency?: string };
    permissions: string[];
  };
  csrfToken: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface CatalogResult {
  id: string;
  title: string;
  subtitle?: string | null;
  contributors?: Contributor[];
  publicationDate?: string | null;
  format?: string | null;
  language?: string | null;
  isbns?: string[];
  callNumbers?: string[];
  availability?: { available: number; total: number };
}

export type Contributor = string | { name: string; role?: string | null };

export interface Holding {
  id: string;
  callNumber?: string | null;
  location?: Named | null;
}

export interface InstanceItem {
  id: string;
  barcode: string;
  status: string;
  materialType?: Named | null;
  loanType?: Named | null;
  copyNumber?: string | null;
  volume?: string | null;
  location?: Named | null;
  callNumber?: string | null;
  holdingId?: string | null;
}

export interface Instance {
  id: string;
  title: string;
  subtitle?: string | null;
  contributors?: Contributor[];
  publisher?: string | null;
  publicationDate?: string | null;
  edition?: string | null;
  subjects?: string[];
  isbns?: string[];
  format?: string | null;
  language?: string | null;
  holdings?: Holding[];
  items?: InstanceItem[];
}

export interface ItemRecord {
  id: string;
  barcode: string;
  status: string;
  instance?: { id: string; title: string; contributors?: Contributor[] } | null;
  callNumber?: string | null;
  location?: Named | null;
  materialType?: Named | null;
  loanType?: Named | null;
  copyNumber?: string | null;
  volume?: string | null;
  enumeration?: string | null;
  priceCents?: number | null;
  replacementCostCents?: number | null;
  publicNote?: string | null;
  staffNote?: string | null;
}

export interface Patron {
  id: string;
  barcode: string;
  externalId?: string | null;
  firstName: string;
  lastName: string;
  preferredFirstName?: string | null;
  displayName?: string | null;
  email?: string | null;
  phone?: string | null;
  address?: {
    line1?: string | null;
    line2?: string | null;
    city?: string | null;
    region?: string | null;
    postalCode?: string | null;
    country?: string | null;
  } | null;
  birthDate?: string | null;
  expiresOn?: string | null;
  expired?: boolean;
  status?: string;
  patronGroup?: Named | null;
  keepLoanHistory?: boolean;
  blocks?: { id: string; reason: string; patronMessage?: string | null }[];
  popUpNotes?: { id: string; text: string }[];
  hasPin?: boolean;
  /** Locked by wrong PINs until then; null when not locked. */
  pinLockedUntil?: string | null;
}

export interface ServicePoint {
  id: string;
  code: string;
  name: string;
  isPickupPoint?: boolean;
  holdShelfExpiryDays?: number | null;
  timeZone?: string | null;
  library?: Named | null;
}

export function contributorNames(contributors: Contributor[] | undefined): string[] {
  return (contributors ?? []).map((contributor) => (typeof contributor === 'string' ? contributor : contributor.name)).filter(Boolean);
}

/** Why circulation will not do something; `overridable` refusals can be overridden with a reason. */
export interface Refusal {
  code: string;
  message: string;
  overridable: boolean;
  overridePermission: string | null;
}

export interface CheckedOutLoan {
  id: string;
  dueAt: string;
  loanedAt: string;
  item: { id: string; barcode: string; title: string; callNumber: string | null };
  patron: { id: string; barcode: string; displayName: string };
  loanPolicy: { id: string; code: string; name: string };
  rule: { id: string; name: string };
}

export interface CheckOutReply {
  loan: CheckedOutLoan;
  warnings: { code: string; message: string }[];
  dueDateExplanation: string[];
}

export interface RoutingSlip {
  itemBarcode: string;
  title: string;
  callNumber: string | null;
  from: string;
  to: string;
  date: string;
}

export interface CheckInReply {
  /** set-aside: withdrawn, damaged, in repair, on order, in process or unavailable; the item keeps its status */
  action: 'shelve' | 'route' | 'hold-shelf' | 'set-aside';
  instruction: string;
  routingSlip: RoutingSlip | null;
  loan: {
    id: string;
    loanedAt: string;
    dueAt: string;
    returnedAt: string;
    state: string;
    overdue: boolean;
    patron: { id: string; barcode: string; displayName: string } | null;
  } | null;
  resolution?: 'found-by-library' | 'returned-by-patron';
  /** The item sat on the hold shelf for a hold that expired: it comes off and goes where the instruction says. */
  clearedFromHoldShelf?: boolean;
  /** The item's status when scanned. */
  previousStatus?: string;
  item: { id: string; barcode: string; title: string; callNumber: string | null; status: string };
}

export interface Loan {
  id: string;
  status: 'open' | 'closed';
  state: string;
  loanedAt: string;
  dueAt: string;
  returnedAt: string | null;
  overdue: boolean;
  renewalCount: number;
  item: { id: string; barcode: string; title: string; callNumber: string | null; status: string };
  loanPolicy: { id: string; code: string; name: string };
}

export interface Institution {
  id: string;
  code: string;
  name: string;
  currency: string;
  timeZone: string;
  locale: string;
}

export type PaymentMethod = 'cash' | 'card' | 'check' | 'online' | 'credit';

export interface FeeAction {
  id: string;
  kind: string;
  amountCents: number;
  balanceAfterCents: number;
  method: string | null;
  note: string | null;
  occurredAt: string;
}

export interface Fee {
  id: string;
  patronId: string;
  itemId: string | null;
  itemTitle: string | null;
  feeType: { id: string; code: string; name: string; kind: string };
  originalAmountCents: number;
  status: 'open' | 'closed';
  description: string | null;
  createdAt: string;
  balanceCents: number;
  actions: FeeAction[];
}

export interface FeeAccount {
  patronId: string;
  balanceCents: number;
  creditCents: number;
  fees: Fee[];
}

export interface WaiverReason {
  id: string;
  code: string;
  name: string;
  active: boolean;
}

/** The reply to one action on one fee; with dryRun, what it would do. */
export interface FeeActionReply {
  dryRun: boolean;
  action: { id: string | null; kind: string; amountCents: number; balanceBeforeCents: number; balanceAfterCents: number; creditCents?: number };
  fee: Fee;
}

/** The reply to one payment across several fees: each fee's share. */
export interface FeePaymentReply {
  dryRun: boolean;
  batchId: string | null;
  amountCents: number;
  method: PaymentMethod;
  shares: { feeId: string; feeTypeName: string; amountCents: number; balanceBeforeCents: number; balanceAfterCents: number }[];
  creditCents: number;
}
