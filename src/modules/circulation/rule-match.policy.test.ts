import { describe, expect, it } from 'vitest';
import { chooseRule, compareRules, describeSpecificity, type LoanFactLabels, type LoanFacts, type MatchableRule } from './rule-match.policy.ts';

const loan: LoanFacts = { patronGroupId: 'faculty', materialTypeId: 'book', loanTypeId: 'standard', locationId: 'stacks', libraryId: 'main-library', campusId: 'north' };
const labels: LoanFactLabels = { patronGroup: 'faculty', materialType: 'book', loanType: 'standard', location: 'Stacks', library: 'Main Library', campus: 'North' };

let counter = 0;
function rule(name: string, criteria: Partial<MatchableRule> = {}): MatchableRule {
  counter += 1;
  return { id: `rule-${String(counter).padStart(3, '0')}`, name, isFallback: false, patronGroupId: null, materialTypeId: null, loanTypeId: null, locationId: null, libraryId: null, campusId: null, ...criteria };
}
const fallback = rule('Fallback', { isFallback: true });

describe('which circulation rule applies', () => {
  it.each([
    ['a rule naming more criteria beats one naming fewer', rule('Books', { materialTypeId: 'book' }), rule('Faculty books', { patronGroupId: 'faculty', materialTypeId: 'book' }), 'Faculty books'],
    ['with as many criteria, patron group beats material type', rule('Books', { materialTypeId: 'book' }), rule('Faculty', { patronGroupId: 'faculty' }), 'Faculty'],
    ['with as many criteria, patron group beats loan type', rule('Standard loans', { loanTypeId: 'standard' }), rule('Faculty', { patronGroupId: 'faculty' }), 'Faculty'],
    ['with as many criteria, loan type beats material type', rule('Books', { materialTypeId: 'book' }), rule('Standard loans', { loanTypeId: 'standard' }), 'Standard loans'],
    ['loan type beats a shelving location', rule('Stacks', { locationId: 'stacks' }), rule('Standard loans', { loanTypeId: 'standard' }), 'Standard loans'],
    ['a shelving location beats its library', rule('Main library', { libraryId: 'main-library' }), rule('Stacks', { locationId: 'stacks' }), 'Stacks'],
    ['a library beats its campus', rule('North campus', { campusId: 'north' }), rule('Main library', { libraryId: 'main-library' }), 'Main library'],
    ['three criteria beat two even with a weaker kind', rule('Faculty at main', { patronGroupId: 'faculty', libraryId: 'main-library' }), rule('Books standard stacks', { materialTypeId: 'book', loanTypeId: 'standard', locationId: 'stacks' }), 'Books standard stacks'],
  ])('%s', (_case, weaker, stronger, winner) => {
    expect(chooseRule([fallback, weaker, stronger], loan, labels)?.rule.name).toBe(winner);
    expect(chooseRule([stronger, weaker, fallback], loan, labels)?.rule.name).toBe(winner);
  });

  it('ignores rules whose criteria differ from the loan', () => {
    const students = rule('Student books', { patronGroupId: 'student', materialTypeId: 'book' });
    const otherLibrary = rule('Science library', { libraryId: 'science-library' });
    const books = rule('Books', { materialTypeId: 'book' });
    expect(chooseRule([students, otherLibrary, books, fallback], loan, labels)?.rule.name).toBe('Books');
  });

  it('uses the fallback rule when nothing else matches', () => {
    const choice = chooseRule([rule('DVDs', { materialTypeId: 'dvd' }), fallback], loan, labels);
    expect(choice?.rule.isFallback).toBe(true);
    expect(choice?.explanation).toEqual(["No other rule matches; the fallback rule 'Fallback' applies."]);
  });

  it('finds nothing when the institution has no fallback and nothing matches', () => {
    expect(chooseRule([rule('DVDs', { materialTypeId: 'dvd' })], loan, labels)).toBeNull();
  });

  it('breaks a tie between equally specific rules by name, whatever order they come in', () => {
    const zebra = rule('Zebra faculty', { patronGroupId: 'faculty' });
    const alpha = rule('alpha faculty', { patronGroupId: 'faculty' });
    for (const order of [[zebra, alpha, fallback], [alpha, fallback, zebra], [fallback, zebra, alpha]]) {
      const choice = chooseRule(order, loan, labels);
      expect(choice?.rule.name).toBe('alpha faculty');
      expect(choice?.tiedWith.map((tied) => tied.name)).toEqual(['Zebra faculty']);
    }
  });

  it('explains the winner, the more general matches, the tie-break and the order', () => {
    const facultyBooks = rule('Faculty books', { patronGroupId: 'faculty', materialTypeId: 'book' });
    const facultyStandard = rule('Faculty standard', { patronGroupId: 'faculty', loanTypeId: 'standard' });
    const facultyStandardAgain = rule('Faculty standard (old)', { patronGroupId: 'faculty', loanTypeId: 'standard' });
    const books = rule('Books', { materialTypeId: 'book' });
    const choice = chooseRule([books, facultyBooks, facultyStandardAgain, facultyStandard, fallback], loan, labels);
    expect(choice?.explanation).toEqual([
      "Rule 'Faculty standard' matches: patron group faculty, loan type standard (2 criteria).",
      "Tie broken by name: 'Faculty standard', 'Faculty standard (old)' are equally specific (2 criteria: patron group, loan type); 'Faculty standard' comes first alphabetically.",
      "More general rules that also matched: 'Faculty books' (2 criteria: patron group, material type), 'Books' (1 criterion: material type), 'Fallback' (fallback).",
      'Most specific wins: more criteria first; then patron group, loan type, material type; then location precision (shelving location > library > campus); a remaining tie goes to the rule whose name comes first alphabetically.',
    ]);
  });

  it('names the location scope in the explanation', () => {
    const choice = chooseRule([rule('Main library DVDs', { libraryId: 'main-library' }), fallback], loan, labels);
    expect(choice?.explanation[0]).toBe("Rule 'Main library DVDs' matches: library Main Library (1 criterion).");
  });

  it('sorts a list of rules most specific first with the fallback last', () => {
    const list = [fallback, rule('Campus', { campusId: 'north' }), rule('Faculty books', { patronGroupId: 'faculty', materialTypeId: 'book' }), rule('Faculty', { patronGroupId: 'faculty' })];
    expect(list.sort(compareRules).map((each) => each.name)).toEqual(['Faculty books', 'Faculty', 'Campus', 'Fallback']);
    expect(list.map((each) => describeSpecificity(each))).toEqual([
      '2 criteria: patron group, material type',
      '1 criterion: patron group',
      '1 criterion: campus',
      'fallback: matches every loan',
    ]);
  });
});
