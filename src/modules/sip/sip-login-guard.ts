import { afterFailedLogin, isLoginLocked, sipAddressLockout, type LoginLockout } from './sip-login.policy.ts';

/**
 * Failed SIP2 logins per client address, kept in memory by one SIP listener (like the staff sign-in's
 * rate limit per address): one address guessing many usernames is stopped even though no account
 * locks. Bounded: the oldest addresses are forgotten first when too many are remembered.
 */
export class SipLoginGuard {
  private readonly addresses = new Map<string, { failures: number; lockedUntil: string | null }>();

  constructor(
    private readonly lockout: LoginLockout = sipAddressLockout,
    private readonly maxAddresses = 10_000,
  ) {}

  isLocked(address: string | undefined, now: Date): boolean {
    if (!address) return false;
    return isLoginLocked(this.addresses.get(address)?.lockedUntil ?? null, now);
  }

  /** Count a failed login; returns the end of the lock when this failure started one. */
  recordFailure(address: string | undefined, now: Date): string | null {
    if (!address) return null;
    const previous = this.addresses.get(address);
    if (previous && isLoginLocked(previous.lockedUntil, now)) return null;
    const next = afterFailedLogin(previous?.failures ?? 0, now, this.lockout);
    this.addresses.delete(address);
    this.addresses.set(address, next);
    if (this.addresses.size > this.maxAddresses) this.addresses.delete(this.addresses.keys().next().value!);
    return next.lockedUntil;
  }

  /** A successful login from an address that is not locked: its count starts again. */
  recordSuccess(address: string | undefined): void {
    if (address) this.addresses.delete(address);
  }
}
