/** Money is integer cents everywhere; this only shows it, e.g. 75 → "$0.75". */
// A memo, not state: a formatter depends only on its currency code and never changes, so every node
// (and test) in the process may share it; building one per call is what it saves.
const currencyFormats = new Map<string, Intl.NumberFormat>();

export function describeCents(cents: number, currency = 'USD'): string {
  let format = currencyFormats.get(currency);
  if (!format) currencyFormats.set(currency, (format = new Intl.NumberFormat('en-US', { style: 'currency', currency })));
  return format.format(cents / 100);
}
