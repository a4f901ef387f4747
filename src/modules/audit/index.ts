/** What other modules may use of the audit log. */
export { findAuditEventOf, recordAuditEvent, recordAuditEvents, type Actor, type AuditEntry } from './audit.queries.ts';
export { forgetPatronInLoanAudit } from './audit-privacy.queries.ts';
export { deleteAuditEventsPastRetention, type AuditRetentionOutcome } from './audit-retention.service.ts';
