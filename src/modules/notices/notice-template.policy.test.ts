import { describe, expect, it } from 'vitest';
import { defaultNoticeTemplates, renderNoticeTemplate } from './notice-template.policy.ts';

describe('notice templates', () => {
  it('substitutes fields by dotted path and leaves unknown fields empty', () => {
    expect(renderNoticeTemplate('Dear {{patron.name}}, {{ library.name }}{{patron.secret}}{{nothing.here}}!', { patron: { name: 'Ada' }, library: { name: 'Main' } })).toBe('Dear Ada, Main!');
  });

  it('repeats a loop once per item, reaching outer fields from inside', () => {
    const text = renderNoticeTemplate('{{#items}}[{{title}} due {{dueDate}} for {{patron.name}}]{{/items}}', {
      patron: { name: 'Ada' },
      items: [{ title: 'Emma', dueDate: '2026-10-01' }, { title: 'Persuasion', dueDate: '2026-10-02' }],
    });
    expect(text).toBe('[Emma due 2026-10-01 for Ada][Persuasion due 2026-10-02 for Ada]');
  });

  it('renders a loop over something that is not a list as nothing', () => {
    expect(renderNoticeTemplate('a{{#patron}}x{{/patron}}b{{#missing}}y{{/missing}}c', { patron: { name: 'Ada' } })).toBe('abc');
  });

  it('never evaluates what is in a template or a value', () => {
    const text = renderNoticeTemplate('{{constructor}}{{__proto__}}{{patron.name}}{{= 1+1 }}', { patron: { name: '{{library.name}}' }, library: { name: 'Main' } });
    expect(text).toBe('{{library.name}}{{= 1+1 }}');
  });

  it('has English defaults for courtesy, overdue and recall notices listing every item', () => {
    for (const kind of ['courtesy', 'overdue', 'recall']) {
      const body = renderNoticeTemplate(defaultNoticeTemplates[kind]!.body, { patron: { name: 'Ada' }, library: { name: 'Main' }, items: [{ title: 'Emma', barcode: 'B1', callNumber: 'PR4034', dueDate: '2026-10-01' }] });
      expect(body).toContain('Dear Ada');
      expect(body).toContain('Emma');
      expect(body).toContain('due 2026-10-01');
    }
  });
});
