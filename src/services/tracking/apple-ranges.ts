import type { Db } from '../../db/client.js';
import { countAppleRanges, deleteAppleRanges, insertAppleRanges } from '../../db/queries/tracking.js';

/** Apple's published egress ranges: the addresses Mail Privacy Protection (and Private Relay) fetch from. */
export const APPLE_RANGES_URL = 'https://mask-api.icloud.com/egress-ip-ranges.csv';

const CIDR = /^(?:\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2}|[0-9A-Fa-f:]+\/\d{1,3})$/;

export class AppleRangesError extends Error {}

/**
 * The ranges in Apple's CSV (`range,country,region,city,`), one per line. A line that is not a range stops the
 * refresh naming it: a truncated or wrong download must not replace a good table with half of it.
 */
export function parseAppleRanges(csv: string): string[] {
  const ranges: string[] = [];
  csv.split(/\r?\n/).forEach((line, index) => {
    const first = line.split(',')[0]?.trim() ?? '';
    if (first === '' || first.startsWith('#')) return;
    if (!CIDR.test(first))
      throw new AppleRangesError(`line ${index + 1}: "${first.slice(0, 60)}" is not a range`);
    ranges.push(first);
  });
  if (ranges.length === 0) throw new AppleRangesError('no ranges in the file');
  return ranges;
}

export async function downloadAppleRanges(url = APPLE_RANGES_URL): Promise<string> {
  const res = await fetch(url);
  if (!res.ok) throw new AppleRangesError(`${url} answered ${res.status}`);
  return res.text();
}

/** Replaces the stored ranges in one transaction; answers how many distinct ranges are now kept. */
export async function replaceAppleRanges({
  db,
  ranges,
  now,
}: {
  db: Db;
  ranges: string[];
  now: Date;
}): Promise<number> {
  return db.transaction(async (tx) => {
    await deleteAppleRanges(tx);
    for (let i = 0; i < ranges.length; i += 10_000)
      await insertAppleRanges(tx, ranges.slice(i, i + 10_000), now);
    return countAppleRanges(tx);
  });
}
