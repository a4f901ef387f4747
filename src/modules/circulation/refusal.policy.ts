import { DomainError } from '../../platform/errors.ts';
import type { Actor } from '../audit/audit.queries.ts';

/**
 * Refusals: why circulation will not do something, each with a stable code, whether staff may
 * override it, and with which permission. Check-out and renewal collect every refusal at once so
 * the desk sees all problems in one go.
 */
export const overridePermission = 'circulation.override';

export interface Refusal {
  code: string;
  message: string;
  overridable: boolean;
  overridePermission: typeof overridePermission | null;
  details?: Record<string, unknown>;
}

export function refusal(code: string, message: string, overridable: boolean, details?: Record<string, unknown>): Refusal {
  return { code, message, overridable, overridePermission: overridable ? overridePermission : null, ...(details ? { details } : {}) };
}

export type OverrideOutcome =
  | { kind: 'proceed'; overridden: Refusal[] }
  | { kind: 'refused'; refusals: Refusal[] }
  | { kind: 'needs-permission'; refusals: Refusal[] };

/**
 * What happens when refusals meet an override request: nothing to override → proceed; any refusal
 * that cannot be overridden, or no override asked for → refused; an override asked for by someone
 * without the permission → needs-permission; otherwise proceed and remember what was overridden.
 */
export function overrideOutcome(refusals: Refusal[], override: { reason: string } | undefined, permissions: ReadonlySet<string>): OverrideOutcome {
  if (refusals.length === 0) return { kind: 'proceed', overridden: [] };
  if (!override || refusals.some((entry) => !entry.overridable)) return { kind: 'refused', refusals };
  if (!permissions.has(overridePermission)) return { kind: 'needs-permission', refusals };
  return { kind: 'proceed', overridden: refusals };
}

/** Who is acting and what they may do: staff at a desk, later a kiosk or the patron portal (no override permission). */
export interface CirculationActor {
  actor: Actor;
  permissions: ReadonlySet<string>;
}

export function refusalError(code: 'CHECK_OUT_REFUSED' | 'RENEWAL_REFUSED', refusals: Refusal[]): DomainError {
  return new DomainError(code, refusals.map((entry) => entry.message).join(' '), { refusals });
}

export function overridePermissionError(refusals: Refusal[]): DomainError {
  return new DomainError('FORBIDDEN', `Overriding ${refusals.map((entry) => entry.code).join(', ')} needs the ${overridePermission} permission.`, {
    permission: overridePermission,
    refusals,
  });
}
