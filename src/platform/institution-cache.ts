import type { Clock } from './clock.ts';

/**
 * Settings an institution changes rarely but every desk transaction reads (circulation rules and
 * policies, service point calendars), kept in memory per key for a short time.
 *
 * Staleness: a write through this process calls invalidate(institutionId) after it commits, so this
 * process sees it at once. Other app nodes sharing the database (and writes made outside the
 * services, e.g. by hand in SQL) are seen within `ttlMilliseconds` (10 s by default). A load that
 * was running when an invalidation happened is used for its caller but not kept. The time to live is
 * measured on the clock the cache is given, so a test can age entries without waiting.
 */
export class InstitutionCache<Value> {
  private readonly entries = new Map<string, { value: Promise<Value>; loadedAt: number }>();
  private readonly generations = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMilliseconds = 10_000,
  ) {}

  /** The value under (institutionId, key), loading it when absent or older than the time to live. */
  async get(institutionId: string, key: string, load: () => Promise<Value>): Promise<Value> {
    const entryKey = `${institutionId}\u0000${key}`;
    const now = this.clock.now().getTime();
    const cached = this.entries.get(entryKey);
    if (cached && now - cached.loadedAt < this.ttlMilliseconds) return cached.value;
    const generation = this.generations.get(institutionId) ?? 0;
    const value = load();
    try {
      await value;
    } catch (error) {
      this.entries.delete(entryKey);
      throw error;
    }
    if ((this.generations.get(institutionId) ?? 0) === generation) {
      if (this.entries.size > 10_000) this.entries.clear();
      this.entries.set(entryKey, { value, loadedAt: now });
    }
    return value;
  }

  /** Forget everything cached for the institution (call after committing a change). */
  invalidate(institutionId: string): void {
    this.generations.set(institutionId, (this.generations.get(institutionId) ?? 0) + 1);
    const prefix = `${institutionId}\u0000`;
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}
