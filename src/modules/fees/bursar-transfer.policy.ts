/**
 * Which fees go to the bursar: open fees of a patron group the library sends, older than that
 * group's age, never sent before in a batch still standing. Pure: `now` comes from the caller.
 */

const dayMs = 24 * 60 * 60 * 1000;

export interface BursarRule {
  patronGroupId: string;
  minAgeDays: number;
  enabled: boolean;
}

/** The age in days per patron group that applies to one run. */
export type BursarCriteria = Record<string, number>;

/**
 * With `olderThanDays` the run covers every patron group at that age (an on-demand sweep);
 * otherwise only the groups with an enabled rule, each at its own age.
 */
export function bursarCriteriaOf(rules: readonly BursarRule[], allGroupIds: readonly string[], olderThanDays?: number): BursarCriteria {
  const criteria: BursarCriteria = {};
  if (olderThanDays !== undefined) {
    for (const groupId of allGroupIds) criteria[groupId] = olderThanDays;
    return criteria;
  }
  for (const rule of rules) if (rule.enabled) criteria[rule.patronGroupId] = rule.minAgeDays;
  return criteria;
}

/** Fees charged at or before this instant are old enough for the group. */
export function cutoffOf(now: Date, minAgeDays: number): string {
  return new Date(now.getTime() - minAgeDays * dayMs).toISOString();
}

export interface BursarCandidate {
  patronGroupId: string;
  createdAt: string;
  balanceCents: number;
  /** The fee has a transfer in a batch that has not been reversed. */
  alreadyExported: boolean;
}

export function isEligibleForBursar(candidate: BursarCandidate, criteria: BursarCriteria, now: Date): boolean {
  const minAgeDays = criteria[candidate.patronGroupId];
  if (minAgeDays === undefined) return false;
  if (candidate.balanceCents <= 0 || candidate.alreadyExported) return false;
  return new Date(candidate.createdAt).getTime() <= new Date(cutoffOf(now, minAgeDays)).getTime();
}

/** The export's file name, from the batch's instant: bursar-20261005-160000.csv */
export function bursarFileNameOf(at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `bursar-${stamp}.csv`;
}
