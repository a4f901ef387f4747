import { Faker, base, en } from '@faker-js/faker';
import { describe, expect, it } from 'vitest';
import { shelvingOrderOf } from '../modules/catalog/index.ts';
import { benchmarkQueries } from '../bench/search-queries.ts';
import { generateWork, isbn13, issn } from './demo-titles.ts';

const seeded = () => {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(42);
  return faker;
};

describe('demo titles', () => {
  it('makes ISBN-13s whose check digit is right', () => {
    const faker = seeded();
    for (let index = 0; index < 200; index += 1) {
      const isbn = isbn13(faker);
      const sum = [...isbn].reduce((total, digit, position) => total + Number(digit) * (position % 2 === 0 ? 1 : 3), 0);
      expect(isbn).toMatch(/^97[89]\d{10}$/);
      expect(sum % 10).toBe(0);
    }
  });

  it('makes ISSNs whose check character is right', () => {
    const faker = seeded();
    for (let index = 0; index < 200; index += 1) {
      const value = issn(faker);
      expect(value).toMatch(/^\d{4}-\d{3}[\dX]$/);
      const digits = value.replace('-', '');
      const sum = [...digits.slice(0, 7)].reduce((total, digit, position) => total + Number(digit) * (8 - position), 0);
      const check = digits.endsWith('X') ? 10 : Number(digits.at(-1));
      expect((sum + check) % 11).toBe(0);
    }
  });

  it('gives computing books QA76 call numbers that file in shelf order', () => {
    const faker = seeded();
    const works = Array.from({ length: 500 }, () => generateWork(faker));
    const computing = works.filter((work) => work.subject === 'Computer science');
    expect(computing.length).toBeGreaterThan(0);
    expect(computing.every((work) => /^QA7[67](\.\d+)? \.[A-Z]\d{2} \d{4}$/.test(work.callNumber))).toBe(true);
    expect(works.every((work) => shelvingOrderOf(work.callNumber).length > 0)).toBe(true);
  });

  it('is the same every run (seeded)', () => {
    expect(generateWork(seeded())).toEqual(generateWork(seeded()));
    expect(benchmarkQueries(50)).toEqual(benchmarkQueries(50));
    expect(new Set(benchmarkQueries(300)).size).toBeGreaterThan(150);
  });
});
