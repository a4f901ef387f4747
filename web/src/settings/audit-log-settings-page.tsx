import { useState, type FormEvent } from 'react';
import { useAuditSettings, useSaveAuditSettings } from '../api/audit-queries.ts';
import { ActionFailure, QueryStatus, messageOfFailure } from '../common/query-status.tsx';
import { t } from '../i18n/translate.ts';
import { useSession } from '../session/session-context.tsx';
import { TextSetting } from './setting-fields.tsx';

/** Blank or 0 keeps events for ever (null); otherwise a whole number of days; undefined when not a number. */
function retentionOf(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (!/^\d+$/.test(trimmed)) return undefined;
  const days = Number(trimmed);
  return days === 0 ? null : days;
}

/** Settings → Audit log: how many days audit events are kept before the nightly job deletes them. */
export function AuditLogSettingsPage() {
  const { session } = useSession();
  const mayEdit = session.staff.permissions.includes('audit.manage');
  const settings = useAuditSettings();
  const saveAuditSettings = useSaveAuditSettings();
  const [typed, setTyped] = useState<string | null>(null);
  const [problem, setProblem] = useState('');
  const [said, setSaid] = useState('');
  const [failure, setFailure] = useState('');
  const stored = settings.data?.retentionDays;
  const current = typed ?? (stored === null || stored === undefined ? '' : String(stored));

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaid('');
    setFailure('');
    const retentionDays = retentionOf(current);
    if (retentionDays === undefined) {
      setProblem(t('settingsArea.wholeNumber'));
      return;
    }
    setProblem('');
    try {
      await saveAuditSettings({ retentionDays });
      setTyped(null);
      setSaid(retentionDays === null ? t('auditLog.savedForever') : t('auditLog.saved', { days: retentionDays }));
    } catch (error) {
      setFailure(messageOfFailure(error));
    }
  }

  return (
    <section aria-labelledby="audit-log-settings-heading">
      <h2 id="audit-log-settings-heading">{t('auditLog.heading')}</h2>
      <QueryStatus query={settings} />
      {settings.data && (
        <form onSubmit={save} className="panel">
          <TextSetting
            id="audit-retention-days"
            label={t('auditLog.retentionDays')}
            value={current}
            onValue={setTyped}
            problem={problem}
            hint={t('auditLog.retentionHint', { days: settings.data.defaultRetentionDays })}
            inputMode="numeric"
            readOnly={!mayEdit}
          />
          <p className="hint">{t('auditLog.privacy')}</p>
          {!mayEdit && <p className="hint">{t('auditLog.readOnly')}</p>}
          <p className="message" role="status">
            {said}
          </p>
          <ActionFailure message={failure} />
          {mayEdit && (
            <button type="submit" className="button button--primary">
              {t('auditLog.save')}
            </button>
          )}
        </form>
      )}
    </section>
  );
}
