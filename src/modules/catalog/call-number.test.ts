import { describe, expect, it } from 'vitest';
import { shelvingOrderOf } from './call-number.ts';

function shelve(callNumbers: string[]): string[] {
  return [...callNumbers].sort((a, b) => (shelvingOrderOf(a) < shelvingOrderOf(b) ? -1 : shelvingOrderOf(a) > shelvingOrderOf(b) ? 1 : 0));
}

describe('shelvingOrderOf', () => {
  it('puts LC class numbers in shelf order, decimals before longer whole numbers', () => {
    expect(shelve(['QA761 .A1', 'QA76.9 .D3', 'QA76.73 .J38 2019'])).toEqual(['QA76.73 .J38 2019', 'QA76.9 .D3', 'QA761 .A1']);
  });

  it('files shorter class letters first and whole numbers numerically', () => {
    expect(shelve(['QA9 .B2', 'Q180 .A1', 'QA10 .C3', 'QA76 .A1', 'QA76.7 .A1'])).toEqual(['Q180 .A1', 'QA9 .B2', 'QA10 .C3', 'QA76 .A1', 'QA76.7 .A1']);
  });

  it('reads cutters as decimals', () => {
    expect(shelve(['PS3545 .I345 Z5', 'PS3545 .I3 Z5', 'PS3545 .I345'])).toEqual(['PS3545 .I3 Z5', 'PS3545 .I345', 'PS3545 .I345 Z5']);
  });

  it('orders volumes numerically', () => {
    expect(shelve(['QA76.73 .J38 v.10', 'QA76.73 .J38 v.2'])).toEqual(['QA76.73 .J38 v.2', 'QA76.73 .J38 v.10']);
  });

  it('orders Dewey numbers', () => {
    expect(shelve(['100 A', '005.2 B', '5.133 C', '005.133 S'])).toEqual(['5.133 C', '005.133 S', '005.2 B', '100 A']);
  });

  it('ignores spacing and case', () => {
    expect(shelvingOrderOf('qa76.73.J38 2019')).toBe(shelvingOrderOf('QA76.73 .J38  2019'));
  });
});
