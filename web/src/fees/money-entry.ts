import { locale } from '../i18n/translate.ts';

/** How many minor units the currency has: 2 for USD (cents), 0 for JPY. */
export function minorDigitsOf(currency: string): number {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * Money typed at the desk ("2.50", "$2.5", "1,250.00") as whole minor units (250), worked out
 * from the digits as text so no floating-point rounding can creep in. Undefined when it is not
 * an amount, has too many decimals, or is not above zero.
 */
export function parseMoneyEntry(text: string, minorDigits = 2): number | undefined {
  // A minus sign would otherwise be stripped with the currency symbol and "-1.00" read as 1.00.
  if (text.includes('-')) return undefined;
  const cleaned = text.trim().replace(/^[^\d.]*/, '').replace(/,(?=\d{3}(\D|$))/g, '');
  const match = /^(\d{0,9})(?:\.(\d*))?$/.exec(cleaned);
  if (!match || (!match[1] && !match[2])) return undefined;
  const whole = match[1] ?? '';
  const fraction = match[2] ?? '';
  if (fraction.length > minorDigits) return undefined;
  const cents = Number(whole || '0') * 10 ** minorDigits + Number(fraction.padEnd(minorDigits, '0') || '0');
  return Number.isSafeInteger(cents) && cents > 0 ? cents : undefined;
}

/** Minor units written back as the desk types them: 250 → "2.50". */
export function moneyEntryOf(cents: number, minorDigits = 2): string {
  if (minorDigits === 0) return String(cents);
  const scale = 10 ** minorDigits;
  return `${Math.floor(cents / scale)}.${String(cents % scale).padStart(minorDigits, '0')}`;
}
