/**
 * A client address in canonical text, or null when it is not one: IPv4 dotted quads, IPv6 in the URL
 * parser's compressed form (available on Node and Workers alike), IPv4-mapped IPv6 as plain IPv4.
 */
export function normalizeIp(text: string | null | undefined): string | null {
  const value = text?.trim() ?? '';
  if (value.length === 0 || value.length > 64) return null;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(value);
  if (v4) {
    const parts = v4.slice(1).map(Number);
    return parts.every((p) => p <= 255) ? parts.join('.') : null;
  }
  if (!value.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(value)) return null;
  try {
    const host = new URL(`http://[${value}]/`).hostname.slice(1, -1);
    const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
    if (mapped) {
      const [hi, lo] = [Number.parseInt(mapped[1] ?? '0', 16), Number.parseInt(mapped[2] ?? '0', 16)];
      return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
    }
    return host;
  } catch {
    return null;
  }
}
