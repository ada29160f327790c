import { base64url, randomBytes, sha256Hex } from '../../lib/crypto.js';

const KEY_PREFIX = 'kf_';

/** A new API key: 256 random bits; only its hash and a short display prefix are stored. */
export function generateApiKey(): string {
  return `${KEY_PREFIX}${base64url(randomBytes(32))}`;
}

export const hashApiKey = (key: string): Promise<string> => sha256Hex(key);

/** What the key list shows so a person can tell keys apart without the secret part. */
export const displayPrefix = (key: string): string => key.slice(0, KEY_PREFIX.length + 6);
