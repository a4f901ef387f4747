import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import type { BodyOf } from '../api/api-shapes.ts';
import { previewDueDate, settingsAreaKey, useSettingsList, type ServicePoint } from '../api/settings-area-queries.ts';
import { formatDateTime } from '../desk/desk-formats.ts';
import { useSettled } from '../fees/fee-dialog.tsx';
import { useCurrentServicePointId } from '../frame/current-service-point.ts';
import { t } from '../i18n/translate.ts';
import { ChoiceSetting } from './setting-fields.tsx';

/** The desk a preview is asked for: this browser's service point, else the first one. */
export function usePreviewDesk(): [ServicePoint | undefined, ServicePoint[], (id: string) => void] {
  const servicePoints = useSettingsList<ServicePoint>('/service-points', { limit: 500 });
  const [current] = useCurrentServicePointId();
  const [chosen, setChosen] = useState('');
  const items = servicePoints.data?.items ?? [];
  const desk = items.find((item) => item.id === (chosen || current)) ?? items[0];
  return [desk, items, setChosen];
}

/** The due date a loan made now would get under the loan policy as edited, asked of the server. */
export function LoanPolicyPreview({ settings }: { settings: Record<string, unknown> | undefined }) {
  const headingId = useId();
  const [desk, desks, chooseDesk] = usePreviewDesk();
  const question = settings && desk ? JSON.stringify({ policy: settings, servicePointId: desk.id }) : '';
  const settled = useSettled(question, 300);
  const input = useMemo(() => (settled ? (JSON.parse(settled) as unknown) : undefined), [settled]);
  const preview = useQuery({
    queryKey: [...settingsAreaKey, 'loan-preview', input],
    queryFn: () => previewDueDate(input as BodyOf<'/loan-policies/preview', 'post'>),
    enabled: input !== undefined,
    retry: false,
    staleTime: 0,
  });
  // An answer to an older form is never shown as the answer to this one.
  const answer = settled === question ? preview.data : undefined;
  return (
    <section className="policy-preview" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('settings.preview.heading')}</h2>
      <ChoiceSetting id="loan-preview-desk" label={t('settingsArea.loanPreview.desk')} value={desk?.id ?? ''} onValue={chooseDesk} choices={desks.map((item): [string, string] => [item.id, item.name])} />
      <div className="fee-preview" aria-live="polite">
        {!settings && <p>{t('settingsArea.loanPreview.fixForm')}</p>}
        {settings && settled === question && preview.isError && <p className="message--error">{preview.error.message}</p>}
        {settings && answer && (
          <>
            <p className="fee-preview__after">
              {answer.dueAt ? t('settingsArea.loanPreview.due', { due: formatDateTime(answer.dueAt, desk?.timeZone) }) : t('settingsArea.loanPreview.noDue')}
            </p>
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
