import { useAuditTrail, type AuditEvent } from '../api/patron-account-queries.ts';
import { useSettingsList, type StaffAccount } from '../api/settings-area-queries.ts';
import { QueryStatus } from '../common/query-status.tsx';
import { formatDateTime } from '../desk/desk-formats.ts';
import { en, type MessageKey } from '../i18n/en.ts';
import { t } from '../i18n/translate.ts';
import { useSession } from '../session/session-context.tsx';

/** Who changed this record, when, and why; only for roles that may read the audit log. */
export function AuditTrailSection({ entityType, entityId, headingLevel = 2 }: { entityType: string; entityId: string; headingLevel?: 2 | 3 }) {
  const allowed = useSession().session.staff.permissions.includes('audit.read');
  const events = useAuditTrail(entityType, entityId, allowed);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const headingId = `audit-${entityType}`;
  const items = events.data?.items ?? [];
  return (
    <section className="panel" aria-labelledby={headingId}>
      <Heading id={headingId}>{t('account.audit')}</Heading>
      {!allowed ? (
        <p className="hint">{t('account.needsPermission', { permission: 'audit.read' })}</p>
      ) : (
        <>
          <QueryStatus query={events} />
          {events.isSuccess && items.length === 0 && <p className="account__empty">{t('account.noAudit')}</p>}
          {items.length > 0 && <AuditTrailList events={items} />}
        </>
      )}
    </section>
  );
}

/** The events, newest first, each in words with its action code kept small beside them for whoever searches the log by code. */
function AuditTrailList({ events }: { events: AuditEvent[] }) {
  // The log keeps a staff member's username; their name is on their account (the same list as the staff settings).
  const staff = useSettingsList<StaffAccount>('/staff', { limit: 200 });
  const staffNames = new Map((staff.data?.items ?? []).map((account) => [account.id, account.displayName]));
  return (
    <ol className="audit-trail">
      {events.map((event) => {
        const words = auditActionWords(event.action);
        return (
          <li key={event.id}>
            <time dateTime={event.occurredAt}>{formatDateTime(event.occurredAt)}</time>
            <span className="audit-trail__action">{words}</span>
            {words !== event.action && (
              <span className="field__hint" title={t('audit.code')}>
                {event.action}
              </span>
            )}
            <span>{(event.actor.kind === 'staff' && event.actor.id && staffNames.get(event.actor.id)) || auditActorWords(event.actor)}</span>
            {event.reason && <span className="audit-trail__reason">{t('account.auditReason', { reason: event.reason })}</span>}
          </li>
        );
      })}
    </ol>
  );
}

/** What an audit event did, in words; a code the staff client has no words for yet is shown as it is. */
export function auditActionWords(code: string): string {
  const key = `auditAction.${code}`;
  return Object.hasOwn(en, key) ? t(key as MessageKey) : code;
}

/** Who did it: a staff member by name, a self-check kiosk, the patron in the portal, or Carrel itself. */
export function auditActorWords(actor: AuditEvent['actor']): string {
  const name = actor.name ?? '';
  switch (actor.kind) {
    case 'staff':
      return name || t('audit.actorStaff');
    case 'sip':
      return t('audit.actorKiosk', { name });
    case 'patron':
      return t('audit.actorPatron');
    case 'system':
      return t('audit.actorSystem');
    case 'partner':
      return t('audit.actorPartner', { name });
    default:
      return name || actor.kind;
  }
}
