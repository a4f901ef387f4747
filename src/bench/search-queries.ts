import { Faker, base, en, en_US } from '@faker-js/faker';
import { searchTerms } from '../seed/demo-titles.ts';

/**
 * What people type into a catalogue search box, drawn from the demo vocabulary so that most queries
 * hit: title words and whole titles, author surnames, subject words, two-word combinations and
 * unfinished words (the last word is matched as a prefix). Deterministic, so runs compare.
 */
export function benchmarkQueries(count: number): string[] {
  const faker = new Faker({ locale: [en_US, en, base] });
  faker.seed(7);
  const terms = searchTerms();
  const queries: string[] = [];
  while (queries.length < count) {
    const kind = queries.length % 5;
    const term = faker.helpers.arrayElement(terms);
    if (kind === 0) queries.push(term);
    else if (kind === 1) queries.push(faker.person.lastName());
    else if (kind === 2) queries.push(`${term} ${faker.helpers.arrayElement(['history', 'introduction', 'principles', 'oregon', 'modern'])}`);
    else if (kind === 3) queries.push(term.split(' ').filter((word) => word.length > 3)[0]?.slice(0, 4) ?? term);
    else queries.push(`${faker.person.lastName()} ${term.split(' ').at(-1) ?? ''}`.trim());
  }
  return queries;
}
