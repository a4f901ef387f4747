import { z } from 'zod';

/**
 * Text people type (names, notes, reasons) must not carry control characters: a NUL or an ESC
 * sequence in a name breaks slips, CSV and terminals, and a bidi override (U+202A–U+202E,
 * U+2066–U+2069) makes a note read differently from what is stored. Tabs and line breaks are
 * ordinary in notes; names and other one-line fields refuse them too.
 */
const controlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;
const lineBreaksAndTabs = /[\t\n\r]/u;

/** The stable code a refused text carries in the error details. */
export const controlCharactersCode = 'CONTROL_CHARACTERS';

export function hasControlCharacters(value: string, options: { multiline: boolean }): boolean {
  return controlCharacters.test(value) || (!options.multiline && lineBreaksAndTabs.test(value));
}

const refusal = (multiline: boolean) => ({
  message: multiline
    ? 'must not contain control characters (NUL, escape sequences or bidirectional overrides)'
    : 'must be one line without control characters (tabs, line breaks, escape sequences or bidirectional overrides)',
  params: { code: controlCharactersCode },
});

/** The checks this file added, so that a schema is not given the rule twice (and a refusal reported twice). */
const controlCharacterChecks = new WeakSet<object>();

/** Adds the control-character rule to any string schema (email, trimmed, with a maximum…). */
export function withoutControlCharacters<T extends z.ZodType<string>>(schema: T, options: { multiline: boolean }): T {
  if (refusesControlCharacters(schema)) return schema;
  const refined = schema.refine((value) => !hasControlCharacters(value, options), refusal(options.multiline)) as T;
  const added = refined._zod.def.checks?.at(-1);
  if (added) controlCharacterChecks.add(added);
  return refined;
}

export function refusesControlCharacters(schema: z.ZodType): boolean {
  return (schema._zod.def.checks ?? []).some((check) => controlCharacterChecks.has(check));
}

/** One-line text: a name, a code's label, a reason. Trimmed; at most `max` characters. */
export function lineText(max: number) {
  return withoutControlCharacters(z.string().trim().max(max), { multiline: false });
}

/** Multi-line text: a note or a message; tabs and line breaks allowed. Trimmed; at most `max` characters. */
export function noteText(max: number) {
  return withoutControlCharacters(z.string().trim().max(max), { multiline: true });
}
