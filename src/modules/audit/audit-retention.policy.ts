/** How long audit events are kept when the institution has not said: two years. */
export const defaultAuditRetentionDays = 730;

/**
 * The instant before which audit events are deleted, or null to keep them for ever (no retention,
 * or 0). Counted in whole 24-hour days back from now: a retention period of years does not need the
 * library's calendar.
 */
export function auditRetentionCutoff(now: Date, retentionDays: number | null): Date | null {
  if (retentionDays === null || retentionDays <= 0) return null;
  return new Date(now.getTime() - retentionDays * 24 * 60 * 60 * 1000);
}
