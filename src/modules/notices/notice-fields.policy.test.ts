import { describe, expect, it } from 'vitest';
import { noticeKinds } from '../policies/index.ts';
import { noticeFields, templateProblems } from './notice-fields.policy.ts';
import { defaultNoticeTemplates } from './notice-template.policy.ts';

describe('which fields a notice template may use', () => {
  it('accepts every built-in template as it ships', () => {
    for (const kind of noticeKinds) {
      const template = defaultNoticeTemplates[kind]!;
      expect([...templateProblems(kind, template.subject), ...templateProblems(kind, template.body)], kind).toEqual([]);
    }
  });

  it('refuses fields the kind does not give, item fields outside the items list, and unbalanced lists', () => {
    expect(templateProblems('overdue', '{{patron.pin}} {{ patron.name }}')).toEqual([{ problem: 'unknown-field', field: 'patron.pin' }]);
    expect(templateProblems('overdue', '{{title}}{{#items}}{{title}}{{/items}}')).toEqual([{ problem: 'unknown-field', field: 'title' }]);
    expect(templateProblems('hold-available', '{{#items}}{{dueDate}}{{/items}}')).toEqual([{ problem: 'unknown-field', field: 'dueDate' }]);
    expect(templateProblems('account-expiring', '{{#items}}{{/items}}')).toEqual([{ problem: 'unknown-list', field: 'items' }]);
    expect(templateProblems('courtesy', '{{/items}}{{#items}}')).toEqual([
      { problem: 'unopened-list', field: 'items' },
      { problem: 'unclosed-list', field: 'items' },
    ]);
  });

  it('gives hold notices the pickup desk, deadline and hours, and receipts the remaining balance', () => {
    expect(noticeFields['hold-available'].itemFields).toEqual(expect.arrayContaining(['pickupLocation', 'pickupDeadline', 'pickupHours']));
    expect(noticeFields['fee-receipt'].fields).toEqual(expect.arrayContaining(['receipt.total', 'patron.balance']));
  });
});
