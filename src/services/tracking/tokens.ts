import { Buffer } from 'node:buffer';
import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import { deriveSubkey, sha256Hex } from '../../lib/crypto.js';

/**
 * Signed tracking tokens: `{keyId}.{payload}.{mac}`. The payload names the workspace, the message and, for a
 * click, the link's position and (since December 2026) the campaign, so that a click can be redirected from
 * a cache of the campaign's links while the database is unreachable; older click tokens still verify. The MAC (HMAC-SHA-256 under the tracking subkey, 96 bits) covers key id and
 * payload. The key id names the secret generation, so mail sent years ago still verifies after KAIFU_SECRET
 * rotates (the old secret stays in KAIFU_PREVIOUS_SECRETS).
 */
export type TokenKind = 'open' | 'click' | 'unsubscribe';
export interface TokenClaims {
  kind: TokenKind;
  workspaceId: string;
  messageId: string;
  /** Click tokens only: the link's position in the campaign; HONEYPOT_LINK for the hidden trap link. */
  link: number;
  /** Click tokens signed since it was added: the message's campaign. */
  campaignId?: string | undefined;
}

export const HONEYPOT_LINK = 255;
const KIND_BYTE: Record<TokenKind, number> = { open: 1, click: 2, unsubscribe: 3 };
const KIND_OF = new Map(Object.entries(KIND_BYTE).map(([k, v]) => [v, k as TokenKind]));
const MAC_BYTES = 12;

function writeUuid(target: Uint8Array, offset: number, uuid: string): void {
  target.set(Buffer.from(uuid.replaceAll('-', ''), 'hex'), offset);
}
function bytesUuid(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
// Buffer's decoder is lenient (unknown characters skipped, a stray last character dropped): only the one
// canonical spelling of the bytes is accepted.
function fromBase64url(text: string): Buffer | null {
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}

/** A short, stable name for a secret generation: not the secret, and useless for guessing it. */
export async function keyIdOf(secret: string): Promise<string> {
  return (await sha256Hex(`kaifu-key-id:${secret}`)).slice(0, 8);
}

const macKey = async (secret: string, keyId: string): Promise<KeyObject> =>
  createSecretKey(await deriveSubkey(secret, 'tracking', keyId));

// node:crypto's HMAC (Node, and workerd with nodejs_compat) is synchronous: a batch of 1,000 recipients signs
// several thousand tokens, and WebCrypto's per-call promise costs more than the hash itself.
function mac(key: KeyObject, keyId: string, payload: string): Buffer {
  return createHmac('sha256', key).update(`${keyId}.${payload}`).digest().subarray(0, MAC_BYTES);
}

export interface TokenSigner {
  sign(claims: TokenClaims): string;
}

/** Signs with the current secret; derive it once per dispatch, not per token. */
export async function createTokenSigner(secret: string): Promise<TokenSigner> {
  const keyId = await keyIdOf(secret);
  const key = await macKey(secret, keyId);
  return {
    sign(claims) {
      const withCampaign = claims.kind === 'click' && claims.campaignId !== undefined;
      const bytes = Buffer.alloc(withCampaign ? 50 : 34);
      bytes[0] = KIND_BYTE[claims.kind];
      writeUuid(bytes, 1, claims.workspaceId);
      writeUuid(bytes, 17, claims.messageId);
      bytes[33] = claims.kind === 'click' ? claims.link : 0;
      if (withCampaign && claims.campaignId) writeUuid(bytes, 34, claims.campaignId);
      const payload = bytes.toString('base64url');
      return `${keyId}.${payload}.${mac(key, keyId, payload).toString('base64url')}`;
    },
  };
}

export interface TokenVerifier {
  verify(token: string): Promise<TokenClaims | null>;
}

/** Verifies against the current and previous secrets; anything malformed, unknown or altered is null. */
export async function createTokenVerifier(secrets: string[]): Promise<TokenVerifier> {
  const keys = new Map<string, KeyObject>();
  for (const secret of secrets) {
    const keyId = await keyIdOf(secret);
    keys.set(keyId, await macKey(secret, keyId));
  }
  return {
    async verify(token) {
      if (token.length > 200) return null;
      const [keyId, payload, signature, extra] = token.split('.');
      if (!keyId || !payload || !signature || extra !== undefined) return null;
      const key = keys.get(keyId);
      const sig = fromBase64url(signature);
      const bytes = fromBase64url(payload);
      if (
        !key ||
        !sig ||
        sig.length !== MAC_BYTES ||
        !bytes ||
        (bytes.length !== 34 && bytes.length !== 50)
      ) {
        return null;
      }
      if (!timingSafeEqual(mac(key, keyId, payload), sig)) return null;
      const kind = KIND_OF.get(bytes[0] ?? 0);
      if (!kind || (bytes.length === 50 && kind !== 'click')) return null;
      return {
        kind,
        workspaceId: bytesUuid(bytes.subarray(1, 17)),
        messageId: bytesUuid(bytes.subarray(17, 33)),
        link: bytes[33] ?? 0,
        campaignId: bytes.length === 50 ? bytesUuid(bytes.subarray(34, 50)) : undefined,
      };
    },
  };
}
