/**
 * CSV written for people to open in a spreadsheet. A text cell starting with = + - @ (or a tab or carriage return)
 * would run as a formula there, so such cells get a leading apostrophe; plain numbers such as "-2.50" stay numbers.
 */
const formulaStart = /^[=+\-@\t\r]/;
const plainNumber = /^[+-]?\d+(\.\d+)?$/;

export function csvField(value: string): string {
  const safe = formulaStart.test(value) && !plainNumber.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',');
}

/** Rows as a CSV file with CRLF line ends, as spreadsheets and bursar systems expect. */
export function csvFile(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => `${csvLine(row)}\r\n`).join('');
}
