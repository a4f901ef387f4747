/**
 * Which circulation rule applies to a loan.
 *
 * A rule matches when every criterion it names equals the loan's: patron group, material type,
 * loan type, and at most one location scope (shelving location, library or campus). A criterion
 * left empty matches anything. Of the matching rules, the most specific wins, compared in order:
 *
 *   1. the number of criteria named (the location scope counts as one);
 *   2. then which criteria: a rule naming the patron group beats one that does not, then loan
 *      type, then material type (who borrows outranks how the item circulates, which outranks
 *      what it is);
 *   3. then how precise the location is: shelving location > library > campus > none;
 *   4. a tie left after that is broken by the rule's name, alphabetically (case-insensitive),
 *      then by id, so the answer never depends on the order rows come back from the database.
 *
 * The fallback rule names no criteria, so it always matches and always loses to any other match.
 */

export interface RuleCriteriaIds {
  patronGroupId: string | null;
  materialTypeId: string | null;
  loanTypeId: string | null;
  locationId: string | null;
  libraryId: string | null;
  campusId: string | null;
}

export interface MatchableRule extends RuleCriteriaIds {
  id: string;
  name: string;
  isFallback: boolean;
}

/** The loan's side: its patron group, the item's types and where the item is shelved. */
export interface LoanFacts {
  patronGroupId: string;
  materialTypeId: string;
  loanTypeId: string;
  locationId: string;
  libraryId: string;
  campusId: string;
}

/** What to call each of the loan's values in an explanation (codes or names). */
export interface LoanFactLabels {
  patronGroup: string;
  materialType: string;
  loanType: string;
  location: string;
  library: string;
  campus: string;
}

export const specificityOrderText =
  'Most specific wins: more criteria first; then patron group, loan type, material type; then location precision (shelving location > library > campus); a remaining tie goes to the rule whose name comes first alphabetically.';

type LocationScope = 'location' | 'library' | 'campus' | null;

function locationScopeOf(rule: RuleCriteriaIds): LocationScope {
  if (rule.locationId) return 'location';
  if (rule.libraryId) return 'library';
  if (rule.campusId) return 'campus';
  return null;
}

const locationPrecision: Record<Exclude<LocationScope, null> | 'none', number> = { location: 3, library: 2, campus: 1, none: 0 };

export function criteriaCountOf(rule: RuleCriteriaIds): number {
  return [rule.patronGroupId, rule.materialTypeId, rule.loanTypeId].filter(Boolean).length + (locationScopeOf(rule) ? 1 : 0);
}

/** The comparison key, compared element by element; larger is more specific. */
export function specificityKeyOf(rule: RuleCriteriaIds): number[] {
  return [
    criteriaCountOf(rule),
    rule.patronGroupId ? 1 : 0,
    rule.loanTypeId ? 1 : 0,
    rule.materialTypeId ? 1 : 0,
    locationPrecision[locationScopeOf(rule) ?? 'none'],
  ];
}

const scopeLabels = { location: 'shelving location', library: 'library', campus: 'campus' } as const;

/** "2 criteria: patron group, material type" — shown beside each rule in lists. */
export function describeSpecificity(rule: RuleCriteriaIds & { isFallback?: boolean }): string {
  if (rule.isFallback) return 'fallback: matches every loan';
  const scope = locationScopeOf(rule);
  const named = [
    rule.patronGroupId && 'patron group',
    rule.loanTypeId && 'loan type',
    rule.materialTypeId && 'material type',
    scope && scopeLabels[scope],
  ].filter(Boolean);
  const count = named.length;
  return count === 0 ? 'no criteria: matches every loan' : `${count} ${count === 1 ? 'criterion' : 'criteria'}: ${named.join(', ')}`;
}

export function ruleMatches(rule: RuleCriteriaIds, loan: LoanFacts): boolean {
  return (
    (rule.patronGroupId === null || rule.patronGroupId === loan.patronGroupId) &&
    (rule.materialTypeId === null || rule.materialTypeId === loan.materialTypeId) &&
    (rule.loanTypeId === null || rule.loanTypeId === loan.loanTypeId) &&
    (rule.locationId === null || rule.locationId === loan.locationId) &&
    (rule.libraryId === null || rule.libraryId === loan.libraryId) &&
    (rule.campusId === null || rule.campusId === loan.campusId)
  );
}

function compareKeys(a: number[], b: number[]): number {
  for (let index = 0; index < a.length; index += 1) {
    const difference = (b[index] ?? 0) - (a[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function compareNames(a: MatchableRule, b: MatchableRule): number {
  const byName = a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0;
  if (byName !== 0) return byName;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Most specific first, ties in the documented order; usable for any list of rules. */
export function compareRules(a: MatchableRule, b: MatchableRule): number {
  if (a.isFallback !== b.isFallback) return a.isFallback ? 1 : -1;
  return compareKeys(specificityKeyOf(a), specificityKeyOf(b)) || compareNames(a, b);
}

export interface RuleChoice<Rule extends MatchableRule> {
  rule: Rule;
  /** equally specific matches that lost the tie-break on name */
  tiedWith: Rule[];
  /** matches less specific than the winner, most specific first */
  moreGeneral: Rule[];
  explanation: string[];
}

function matchedCriteriaText(rule: RuleCriteriaIds, labels: LoanFactLabels): string {
  const parts = [
    rule.patronGroupId && `patron group ${labels.patronGroup}`,
    rule.loanTypeId && `loan type ${labels.loanType}`,
    rule.materialTypeId && `material type ${labels.materialType}`,
    rule.locationId && `shelving location ${labels.location}`,
    !rule.locationId && rule.libraryId && `library ${labels.library}`,
    !rule.locationId && !rule.libraryId && rule.campusId && `campus ${labels.campus}`,
  ].filter(Boolean);
  const count = criteriaCountOf(rule);
  return `${parts.join(', ')} (${count} ${count === 1 ? 'criterion' : 'criteria'})`;
}

function shortDescription(rule: MatchableRule): string {
  return rule.isFallback ? `'${rule.name}' (fallback)` : `'${rule.name}' (${describeSpecificity(rule)})`;
}

/** The winning rule among `rules` for this loan, or null when none matches (no fallback). */
export function chooseRule<Rule extends MatchableRule>(rules: Rule[], loan: LoanFacts, labels: LoanFactLabels): RuleChoice<Rule> | null {
  const matching = rules.filter((rule) => ruleMatches(rule, loan)).sort(compareRules);
  const [rule, ...others] = matching;
  if (!rule) return null;
  const winnerKey = specificityKeyOf(rule);
  const tiedWith = others.filter((other) => other.isFallback === rule.isFallback && compareKeys(specificityKeyOf(other), winnerKey) === 0);
  const moreGeneral = others.filter((other) => !tiedWith.includes(other));
  const explanation: string[] = [];
  if (rule.isFallback) {
    explanation.push(`No other rule matches; the fallback rule '${rule.name}' applies.`);
  } else {
    explanation.push(`Rule '${rule.name}' matches: ${matchedCriteriaText(rule, labels)}.`);
  }
  if (tiedWith.length > 0) {
    const names = [rule, ...tiedWith].map((tied) => `'${tied.name}'`).join(', ');
    explanation.push(`Tie broken by name: ${names} are equally specific (${describeSpecificity(rule)}); '${rule.name}' comes first alphabetically.`);
  }
  if (moreGeneral.length > 0) {
    explanation.push(`More general rules that also matched: ${moreGeneral.map(shortDescription).join(', ')}.`);
  }
  if (matching.length > 1) explanation.push(specificityOrderText);
  return { rule, tiedWith, moreGeneral, explanation };
}
