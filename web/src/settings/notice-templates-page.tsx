import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import type { BodyOf, Schemas } from '../api/api-shapes.ts';
import { previewNoticeTemplate, saveNoticeTemplate, settingsAreaKey, useSettingsList, type NoticeTemplateKind } from '../api/settings-area-queries.ts';
import { QueryFailure } from '../common/query-status.tsx';
import { useSettled } from '../fees/fee-dialog.tsx';
import { t } from '../i18n/translate.ts';
import { choiceWord } from './policy-fields.tsx';
import { SaveActions, useSave } from './settings-save.tsx';
import { ChoiceSetting, Problem, TextSetting } from './setting-fields.tsx';

type NoticeTemplate = Schemas['NoticeTemplate'];

/** Notice templates per kind and language, edited beside a preview rendered for a sample patron. */
export function NoticeTemplatesPage() {
  const templates = useSettingsList<NoticeTemplate>('/notice-templates');
  const [chosen, setChosen] = useState('');
  const headingId = useId();
  if (templates.isError) return <QueryFailure error={templates.error} onRetry={() => void templates.refetch()} />;
  const items = templates.data?.items ?? [];
  const keyOf = (template: NoticeTemplate) => `${template.kind}/${template.language}`;
  const current = items.find((template) => keyOf(template) === chosen) ?? items[0];
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t('settingsArea.nav.noticeTemplates')}</h2>
      <ChoiceSetting
        id="template-choice"
        label={t('settingsArea.templates.template')}
        value={current ? keyOf(current) : ''}
        onValue={setChosen}
        choices={items.map((template): [string, string] => [keyOf(template), `${choiceWord(template.kind)} (${template.language})${template.builtIn ? ` — ${t('settingsArea.templates.builtIn')}` : ''}`])}
      />
      {current && <TemplateEditor key={keyOf(current)} template={current} />}
    </section>
  );
}

function TemplateEditor({ template }: { template: NoticeTemplate }) {
  const headingId = useId();
  const previewHeading = useId();
  const [subject, setSubject] = useState(template.subject);
  const [body, setBody] = useState(template.body);
  const saving = useSave();
  const question = useSettled(JSON.stringify({ kind: template.kind, language: template.language, subject, body }), 300);
  const preview = useQuery({
    queryKey: [...settingsAreaKey, 'notice-preview', question],
    queryFn: () => previewNoticeTemplate(JSON.parse(question) as BodyOf<'/notice-templates/preview', 'post'>),
    retry: false,
  });

  async function save(event: FormEvent) {
    event.preventDefault();
    await saving.save(() => saveNoticeTemplate(template.kind, template.language, { subject, body }), t('settingsArea.templates.saved'));
  }

  return (
    <div className="policy-editor">
      <form className="policy-editor__form" aria-labelledby={headingId} onSubmit={save} noValidate>
        <h3 id={headingId}>{choiceWord(template.kind)}</h3>
        <TextSetting id="template-subject" label={t('settingsArea.templates.subject')} value={subject} onValue={setSubject} problem={saving.problemOf('subject')} />
        <div className="field">
          <label htmlFor="template-body">{t('settingsArea.templates.body')}</label>
          <textarea id="template-body" rows={14} value={body} onChange={(event) => setBody(event.target.value)} aria-describedby="template-body-hint template-body-problem" />
          <span id="template-body-hint" className="field__hint">
            {t('settingsArea.templates.fields', { fields: [...template.allowedFields, ...template.allowedItemFields].join(', ') })}
          </span>
          <Problem id="template-body-problem" text={saving.problemOf('body')} />
        </div>
        <SaveActions failure={saving.failure} saving={saving.saving} note={saving.note} />
      </form>
      <section className="policy-preview" aria-labelledby={previewHeading}>
        <h2 id={previewHeading}>{t('settingsArea.templates.preview')}</h2>
        <div aria-live="polite">
          {preview.isError && <p className="message--error">{preview.error.message}</p>}
          {preview.data && (
            <>
              <p className="notice-preview__subject">{preview.data.subject}</p>
              <pre className="notice-preview__body">{preview.data.body}</pre>
            </>
          )}
        </div>
      </section>
    </div>
  );
}
