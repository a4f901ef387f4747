import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import type { BodyOf } from '../api/api-shapes.ts';
import { previewDueDate, settingsAreaKey } from '../api/settings-area-queries.ts';
import { formatDateTime } from '../desk/desk-formats.ts';
import { t } from '../i18n/translate.ts';
import { usePreviewDesk } from './loan-policy-preview.tsx';
import { ChoiceSetting } from './setting-fields.tsx';

/**
 * When a loan made now would be due under a loan policy that uses this schedule. The server's loan
 * policy preview reads schedules from the database, so it answers for the schedule as saved.
 */
export function FixedSchedulePreview({ savedCode, unsaved }: { savedCode: string | undefined; unsaved: boolean }) {
  const headingId = useId();
  const [desk, desks, chooseDesk] = usePreviewDesk();
  const input = savedCode && desk ? { policy: { loanable: true, loanPeriod: { kind: 'fixed', scheduleCode: savedCode } }, servicePointId: desk.id } : undefined;
  const preview = useQuery({
    queryKey: [...settingsAreaKey, 'schedule-preview', input],
    queryFn: () => previewDueDate(input as BodyOf<'/loan-policies/preview', 'post'>),
    enabled: input !== undefined,
    retry: false,
    staleTime: 0,
  });
  const answer = preview.data;
  return (
    <section className="policy-preview" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('settings.preview.heading')}</h2>
      <ChoiceSetting id="schedule-preview-desk" label={t('settingsArea.loanPreview.desk')} value={desk?.id ?? ''} onValue={chooseDesk} choices={desks.map((item): [string, string] => [item.id, item.name])} />
      <div className="fee-preview" aria-live="polite">
        {!savedCode && <p>{t('settingsArea.schedule.saveToPreview')}</p>}
        {savedCode && preview.isError && <p className="message--error">{preview.error.message}</p>}
        {savedCode && answer && (
          <>
            <p className="fee-preview__after">
              {answer.dueAt ? t('settingsArea.schedule.previewDue', { desk: desk?.name ?? '', due: formatDateTime(answer.dueAt, desk?.timeZone) }) : t('settingsArea.loanPreview.noDue')}
            </p>
            <ol className="policy-preview__steps">
              {answer.explanation.map((step, index) => (
                <li key={index}>{step}</li>
              ))}
            </ol>
            {unsaved && <p className="field__hint">{t('settingsArea.schedule.previewIsSaved')}</p>}
          </>
        )}
      </div>
    </section>
  );
}
