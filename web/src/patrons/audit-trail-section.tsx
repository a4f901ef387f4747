import { useAuditTrail } from '../api/patron-account-queries.ts';
import { QueryStatus } from '../common/query-status.tsx';
import { formatDateTime } from '../desk/desk-formats.ts';
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
          {items.length > 0 && (
            <ol className="audit-trail">
              {items.map((event) => (
                <li key={event.id}>
                  <time dateTime={event.occurredAt}>{formatDateTime(event.occurredAt)}</time>
                  <span className="audit-trail__action">{event.action}</span>
                  <span>{event.actor.name ?? event.actor.kind}</span>
                  {event.reason && <span className="audit-trail__reason">{t('account.auditReason', { reason: event.reason })}</span>}
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}
