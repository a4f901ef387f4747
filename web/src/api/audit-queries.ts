import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { carrelApi, replyOf } from './api-client.ts';
import type { Schemas } from './api-shapes.ts';

/** How long the audit log is kept: `retentionDays` null means for ever. */
export type AuditSettings = Schemas['AuditSettings'];

const auditSettingsKey = ['audit-settings'] as const;

export function useAuditSettings() {
  return useQuery({ queryKey: auditSettingsKey, queryFn: ({ signal }) => replyOf(carrelApi.GET('/audit-settings', { signal })) });
}

export const saveAuditSettings = (settings: { retentionDays: number | null }) => replyOf(carrelApi.PUT('/audit-settings', { body: settings }));

/** Saving how long the audit log is kept, as a mutation: the stored setting is read again once it is saved. */
export function useSaveAuditSettings(): (settings: { retentionDays: number | null }) => Promise<AuditSettings> {
  const queryClient = useQueryClient();
  const mutation = useMutation({ mutationFn: saveAuditSettings, onSuccess: () => queryClient.invalidateQueries({ queryKey: auditSettingsKey }) });
  return (settings) => mutation.mutateAsync(settings);
}
