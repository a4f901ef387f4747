import { useId, useMemo, useState } from 'react';
import { useFinePreview, type FinePolicySettings, type FinePreviewInput } from '../api/settings-queries.ts';
import { LabelledField } from '../common/labelled-field.tsx';
import { useSettled } from '../fees/fee-dialog.tsx';
import { formatMoney, t } from '../i18n/translate.ts';
import { parseMoneyOrZero } from './fine-policy-draft.ts';

const dayMs = 86_400_000;

interface FinePolicyPreviewProps {
  /** The settings as the form stands; undefined while a field cannot be read. */
  settings: FinePolicySettings | undefined;
  currency: string;
  minorDigits: number;
}

/** The fine a loan returned some days late would owe under the policy as edited, asked of the server. */
export function FinePolicyPreview({ settings, currency, minorDigits }: FinePolicyPreviewProps) {
  const headingId = useId();
  const [daysLate, setDaysLate] = useState('3');
  const [replacementCost, setReplacementCost] = useState('');
  const days = /^\d+$/.test(daysLate.trim()) ? Number(daysLate.trim()) : undefined;
  const replacementCostCents = replacementCost.trim() ? parseMoneyOrZero(replacementCost, minorDigits) : null;
  const ready = settings !== undefined && days !== undefined && replacementCostCents !== undefined;
  // One fixed return time per preview, so the question only changes when the form does.
  const returnedAt = useMemo(() => new Date(), []);
  const question = ready
    ? JSON.stringify({
        policy: settings,
        dueAt: new Date(returnedAt.getTime() - days * dayMs).toISOString(),
        returnedAt: returnedAt.toISOString(),
        replacementCostCents,
      })
    : '';
  // Compared as text: a fresh but equal object each render must not restart the wait.
  const settled = useSettled(question, 300);
  const input = useMemo(() => (settled ? (JSON.parse(settled) as FinePreviewInput) : undefined), [settled]);
  const preview = useFinePreview(input);
  const answer = preview.data;

  return (
    <section className="policy-preview" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('settings.preview.heading')}</h2>
      <div className="policy-preview__inputs">
        <LabelledField id="preview-days-late" label={t('settings.preview.daysLate')} value={daysLate} onValueChange={setDaysLate} inputMode="numeric" autoComplete="off" />
        <LabelledField id="preview-replacement-cost" label={t('settings.preview.replacementCost')} value={replacementCost} onValueChange={setReplacementCost} inputMode="decimal" autoComplete="off" placeholder={t('settings.preview.noReplacementCost')} />
      </div>
      <div className="fee-preview" aria-live="polite">
        {!ready && <p>{t('settings.preview.fixForm')}</p>}
        {ready && preview.isError && <p className="message--error">{preview.error.message}</p>}
        {ready && answer && (
          <>
            <p className="fee-preview__after">{t(days === 1 ? 'settings.preview.answerOne' : 'settings.preview.answer', { days: days ?? 0, amount: formatMoney(answer.fineCents, currency) })}</p>
            <ol className="policy-preview__steps">
              {answer.explanation.map((step, index) => (
                <li key={index}>{step}</li>
              ))}
            </ol>
          </>
        )}
      </div>
    </section>
  );
}
