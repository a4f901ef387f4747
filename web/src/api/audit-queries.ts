import { useQuery, useQueryClient } from '@tanstack/react-query';
import { carrelApi, replyOf } from './api-client.ts';
import type { Schemas } from './api-shapes.ts';

/** How long the audit log is kept: `retentionDays` null means for ever. */
export type AuditSettings = Schemas['AuditSettings'];

const auditSettingsKey = ['audit-settings'] as const;

export function useAuditSettings() {
  return useQuery({ queryKey: auditSettingsKey, queryFn: ({ signal }) => replyOf(carrelApi.GET('/audit-settings', { signal })) });
}

export function useAuditSettingsChanged(): () => Promise<void> {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: auditSettingsKey });
}

export const saveAuditSettings = (settings: { retentionDays: number | null }) => replyOf(carrelApi.PUT('/audit-settings', { body: settings }));
