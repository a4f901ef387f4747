/** Money is integer cents everywhere; this only shows it, e.g. 75 → "$0.75". */
export function describeCents(cents: number, currency = 'USD'): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100);
}
