/**
 * Flattens objects into CSV (RFC 4180): nested keys joined with dots, values quoted when they must be. Text that
 * a spreadsheet would run as a formula (starting with = + - @, tab or carriage return) gets a leading quote;
 * numbers stay numbers. `bom` prefixes UTF-8's byte-order mark, so Excel reads Japanese right.
 */
export function toCsv(rows: Record<string, unknown>[], options: { bom?: boolean } = {}): string {
  const flat = rows.map((row) => flatten(row));
  const named = [...new Set(flat.flatMap((row) => Object.keys(row)))];
  // A null where other rows hold an object (an interval a cell has none of) leaves that object's columns empty:
  // it is no column of its own.
  const columns = named.filter((c) => !named.some((other) => other.startsWith(`${c}.`)));
  const body = [
    columns.map(cell).join(','),
    ...flat.map((row) => columns.map((c) => cell(row[c])).join(',')),
  ];
  return `${options.bom ? '\uFEFF' : ''}${body.join('\r\n')}\r\n`;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function flatten(value: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value).flatMap(([k, v]) =>
      v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
        ? Object.entries(flatten(v as Record<string, unknown>, `${prefix}${k}.`))
        : [[`${prefix}${k}`, v instanceof Date ? v.toISOString() : v]],
    ),
  );
}

/** True when the client asked for CSV (Accept: text/csv) rather than JSON. */
export const wantsCsv = (accept: string | undefined) => /\btext\/csv\b/i.test(accept ?? '');
