/** Flattens objects into CSV (RFC 4180): nested keys joined with dots, values quoted when they must be. */
export function toCsv(rows: Record<string, unknown>[]): string {
  const flat = rows.map((row) => flatten(row));
  const columns = [...new Set(flat.flatMap((row) => Object.keys(row)))];
  const cell = (value: unknown) => {
    const text = value === null || value === undefined ? '' : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return `${[columns.join(','), ...flat.map((row) => columns.map((c) => cell(row[c])).join(','))].join('\r\n')}\r\n`;
}

function flatten(value: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value).flatMap(([k, v]) =>
      v && typeof v === 'object' && !Array.isArray(v)
        ? Object.entries(flatten(v as Record<string, unknown>, `${prefix}${k}.`))
        : [[`${prefix}${k}`, v]],
    ),
  );
}

/** True when the client asked for CSV (Accept: text/csv) rather than JSON. */
export const wantsCsv = (accept: string | undefined) => /\btext\/csv\b/i.test(accept ?? '');
