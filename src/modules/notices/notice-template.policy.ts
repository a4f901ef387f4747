/**
 * The notice template language: `{{field}}` substitutes a value (dotted paths such as
 * `patron.name`), `{{#items}}…{{/items}}` repeats its text once per element of a list. Nothing
 * else: no expressions, no code, so a librarian editing a template cannot break the server or
 * read what the notice was not given. Unknown fields render empty. Output is plain text.
 */
export type TemplateValue = string | number | null | undefined | TemplateFields | TemplateFields[];
export interface TemplateFields {
  [field: string]: TemplateValue;
}

const loopPattern = /\{\{#\s*([\w.]+)\s*\}\}([\s\S]*?)\{\{\/\s*\1\s*\}\}/g;
const fieldPattern = /\{\{\s*([\w.]+)\s*\}\}/g;

function valueAt(scopes: TemplateFields[], path: string): TemplateValue {
  // the innermost scope first, so `{{title}}` inside a loop is the element's and `{{patron.name}}` still works
  for (const scope of scopes) {
    let value: TemplateValue = scope;
    for (const part of path.split('.')) {
      if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, part)) {
        value = undefined;
        break;
      }
      value = (value as TemplateFields)[part];
    }
    if (value !== undefined) return value;
  }
  return undefined;
}

function renderIn(template: string, scopes: TemplateFields[]): string {
  const looped = template.replace(loopPattern, (_whole, path: string, inner: string) => {
    const list = valueAt(scopes, path);
    if (!Array.isArray(list)) return '';
    return list.map((element) => renderIn(inner, [element, ...scopes])).join('');
  });
  return looped.replace(fieldPattern, (_whole, path: string) => {
    const value = valueAt(scopes, path);
    return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  });
}

export function renderNoticeTemplate(template: string, fields: TemplateFields): string {
  return renderIn(template, [fields]);
}

export interface NoticeTemplateText {
  subject: string;
  body: string;
}

const holdLines = '{{#items}}  - {{title}}\n    at {{pickupLocation}} until {{pickupDeadline}}\n    opening hours: {{pickupHours}}\n{{/items}}';
const signature = '\n{{library.name}}\n{{library.contact}}\n';
const itemLines = '{{#items}}  - {{title}}\n    barcode {{barcode}}, call number {{callNumber}}, due {{dueDate}}\n{{/items}}';

/** The built-in English templates, used when the institution has not written its own. */
export const defaultNoticeTemplates: Record<string, NoticeTemplateText> = {
  courtesy: {
    subject: '{{library.name}}: items due soon',
    body: `Dear {{patron.name}},\n\nThese items you borrowed from {{library.name}} are due soon:\n\n${itemLines}\nPlease return or renew them by the due date.\n\n{{library.name}}\n`,
  },
  overdue: {
    subject: '{{library.name}}: overdue items',
    body: `Dear {{patron.name}},\n\nThese items you borrowed from {{library.name}} are overdue:\n\n${itemLines}\nPlease return them as soon as you can.\n\n{{library.name}}\n`,
  },
  recall: {
    subject: '{{library.name}}: items recalled',
    body: `Dear {{patron.name}},\n\nAnother reader needs these items, so {{library.name}} has recalled them. Please return them by the new due date:\n\n${itemLines}\n{{library.name}}\n`,
  },
  'hold-available': {
    subject: '{{library.name}}: your requested items are ready',
    body: `Dear {{patron.name}},\n\nThese items you requested are waiting for you:\n\n${holdLines}\nPlease collect them by the date shown; after that they go to the next reader.\n${signature}`,
  },
  'hold-expiring': {
    subject: '{{library.name}}: last days to collect your requested items',
    body: `Dear {{patron.name}},\n\nThese items are still waiting for you, but not for long:\n\n${holdLines}\nPlease collect them by the date shown.\n${signature}`,
  },
  'request-cancelled': {
    subject: '{{library.name}}: request cancelled',
    body: `Dear {{patron.name}},\n\nThese requests of yours have been closed:\n\n{{#items}}  - {{title}} ({{requestType}}, pickup at {{pickupLocation}})\n    {{reason}}\n{{/items}}\nPlease ask at the desk if you still need them.\n${signature}`,
  },
  'aged-to-lost': {
    subject: '{{library.name}}: items now considered lost',
    body: `Dear {{patron.name}},\n\nThese items are long overdue and are now considered lost:\n\n{{#items}}  - {{title}}\n    barcode {{barcode}}, was due {{dueDate}}; replacement {{replacementFee}}, processing {{processingFee}}\n{{/items}}\nIf you return them, some or all of these charges may be refunded.\n${signature}`,
  },
  'fee-charged': {
    subject: '{{library.name}}: new charges on your account',
    body: `Dear {{patron.name}},\n\nThese charges were added to your library account:\n\n{{#items}}  - {{feeType}} {{amount}} {{title}} {{description}}\n{{/items}}\nTotal: {{total}}. You now owe {{patron.balance}}.\n${signature}`,
  },
  'fee-receipt': {
    subject: '{{receipt.title}} from {{library.name}}',
    body: `Dear {{patron.name}},\n\n{{receipt.title}} no. {{receipt.number}}, {{receipt.date}}\n\n{{#items}}  - {{feeType}} {{title}}: {{amount}} (left on this fee: {{balanceAfter}})\n{{/items}}\nTotal: {{receipt.total}} {{receipt.method}}{{receipt.waiverReason}}{{receipt.refundTarget}}\nYou now owe {{patron.balance}}.\n${signature}`,
  },
  'account-expiring': {
    subject: '{{library.name}}: your library account expires soon',
    body: `Dear {{patron.name}},\n\nYour library account expires on {{account.expiresOn}}. Please ask at the desk to renew it before then.\n${signature}`,
  },
};
