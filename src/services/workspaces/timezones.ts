/** True for an IANA zone name this runtime knows (Intl is the same tz database on Node and Workers). */
export function isIanaTimezone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return name.length > 0 && name.length <= 64;
  } catch {
    return false;
  }
}
