import type { NoticeKind } from './notice-kinds.policy.ts';

/**
 * The fields each notice kind's template may use: top-level fields, and the fields of each element
 * of the `items` list (usable inside `{{#items}}…{{/items}}`). Anything else is refused when a
 * template is saved, so a typo or a field the notice was never given ({{patron.pin}}) is caught
 * by the librarian editing it, not by the patron reading a blank.
 */
const common = ['patron.name', 'patron.firstName', 'patron.lastName', 'library.name', 'library.contact'];
const loanItem = ['title', 'barcode', 'callNumber', 'dueDate'];
const holdItem = ['title', 'barcode', 'callNumber', 'pickupLocation', 'pickupDeadline', 'pickupHours'];
const feeItem = ['feeType', 'description', 'title', 'amount'];

export const noticeFields: Record<NoticeKind, { fields: string[]; itemFields: string[] }> = {
  courtesy: { fields: common, itemFields: loanItem },
  overdue: { fields: common, itemFields: loanItem },
  recall: { fields: common, itemFields: loanItem },
  'hold-available': { fields: common, itemFields: holdItem },
  'hold-expiring': { fields: common, itemFields: holdItem },
  'request-cancelled': { fields: common, itemFields: ['title', 'barcode', 'callNumber', 'pickupLocation', 'requestType', 'reason'] },
  'aged-to-lost': { fields: common, itemFields: [...loanItem, 'replacementFee', 'processingFee'] },
  'fee-charged': { fields: [...common, 'total', 'patron.balance'], itemFields: feeItem },
  'fee-receipt': {
    fields: [...common, 'receipt.title', 'receipt.number', 'receipt.date', 'receipt.total', 'receipt.method', 'receipt.reference', 'receipt.waiverReason', 'receipt.refundTarget', 'patron.balance'],
    itemFields: [...feeItem, 'balanceAfter'],
  },
  'account-expiring': { fields: [...common, 'account.expiresOn'], itemFields: [] },
};

export interface TemplateProblem {
  /** 'unknown-field' | 'unknown-list' | 'unclosed-list' | 'unopened-list' */
  problem: string;
  field: string;
}

const tagPattern = /\{\{\s*([#/]?)\s*([\w.]+)\s*\}\}/g;

/** What is wrong with a template for a kind; empty when it may be saved. Mirrors the renderer's syntax exactly. */
export function templateProblems(kind: NoticeKind, text: string): TemplateProblem[] {
  const { fields, itemFields } = noticeFields[kind];
  const problems: TemplateProblem[] = [];
  const open: string[] = [];
  for (const match of text.matchAll(tagPattern)) {
    const [, sigil, name] = match as unknown as [string, string, string];
    if (sigil === '#') {
      if (name !== 'items' || itemFields.length === 0) problems.push({ problem: 'unknown-list', field: name });
      open.push(name);
    } else if (sigil === '/') {
      if (open.at(-1) === name) open.pop();
      else problems.push({ problem: 'unopened-list', field: name });
    } else {
      const allowed = fields.includes(name) || (open.includes('items') && itemFields.includes(name));
      if (!allowed) problems.push({ problem: 'unknown-field', field: name });
    }
  }
  for (const name of open) problems.push({ problem: 'unclosed-list', field: name });
  return problems;
}
