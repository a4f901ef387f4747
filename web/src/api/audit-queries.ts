import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api-client.ts';

/** How long the audit log is kept: `retentionDays` null means for ever. */
export interface AuditSettings {
  retentionDays: number | null;
  defaultRetentionDays: number;
}

const auditSettingsKey = ['audit-settings'] as const;

export function useAuditSettings() {
  return useQuery({ queryKey: auditSettingsKey, queryFn: ({ signal }) => api.get<AuditSettings>('/audit-settings', undefined, signal) });
}

export function useAuditSettingsChanged(): () => Promise<void> {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: auditSettingsKey });
}

export const saveAuditSettings = (settings: { retentionDays: number | null }) => api.put<AuditSettings>('/audit-settings', settings);
