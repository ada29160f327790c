let lastMs = -1;
let counter = 0;

// Random bytes are drawn in blocks and hex digits come from a table: ids are made per tracked hit and per
// stored event, so this is a hot path (about 10x faster than one getRandomValues call per id).
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const POOL = new Uint8Array(16 * 256);
let poolOffset = POOL.length;

function randomBlock(): Uint8Array {
  if (poolOffset + 16 > POOL.length) {
    crypto.getRandomValues(POOL);
    poolOffset = 0;
  }
  const block = POOL.subarray(poolOffset, poolOffset + 16);
  poolOffset += 16;
  return block;
}

/**
 * UUIDv7 (RFC 9562): 48-bit Unix milliseconds, a 12-bit counter, then random bits. Time-ordered ids keep B-tree
 * inserts local and serve as pagination cursors; the counter (RFC 9562 method 1) keeps ids made in the same
 * millisecond by this process in order. Made here because neither PGlite nor Postgres 15 has uuidv7().
 */
export function uuidv7(now: number = Date.now()): string {
  let ms = Math.floor(now);
  // The same millisecond, or one a counter overflow already moved past: continue the sequence.
  if (ms <= lastMs && lastMs - ms < 1000) {
    ms = lastMs;
    counter++;
    if (counter > 0xfff) {
      ms = ++lastMs;
      counter = 0;
    }
  } else {
    lastMs = ms;
    // Start low in the range so a burst within one millisecond rarely overflows.
    counter = Math.floor(Math.random() * 0x400);
  }
  const bytes = randomBlock();
  for (let i = 5, rest = ms; i >= 0; i--) {
    bytes[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  return uuidText(bytes);
}

function uuidText(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) text += '-';
    text += HEX[bytes[i] ?? 0];
  }
  return text;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
