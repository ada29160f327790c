/**
 * SendGrid's signed Event Webhook: ECDSA P-256 with SHA-256 over `timestamp + raw body`. SendGrid sends the
 * signature as base64 DER (SEQUENCE of two INTEGERs); WebCrypto wants the raw r‖s form, 32 bytes each.
 */
export const SIGNATURE_HEADER = 'X-Twilio-Email-Event-Webhook-Signature';
export const TIMESTAMP_HEADER = 'X-Twilio-Email-Event-Webhook-Timestamp';

// SendGrid retries a failed post for 24 hours; a little skew either way is normal between clocks.
const MAX_AGE_S = 24 * 60 * 60 + 5 * 60;
const MAX_SKEW_S = 5 * 60;

const encoder = new TextEncoder();

function fromBase64(text: string): Uint8Array<ArrayBuffer> | null {
  try {
    const binary = atob(text.trim());
    return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

/** DER ECDSA signature → 64-byte r‖s, or null when it is not a well-formed P-256 signature. */
export function derToRawSignature(der: Uint8Array): Uint8Array<ArrayBuffer> | null {
  let pos = 0;
  if (der[pos++] !== 0x30) return null;
  let seqLen = der[pos++] ?? 0;
  if (seqLen & 0x80) {
    if (seqLen !== 0x81) return null;
    seqLen = der[pos++] ?? 0;
  }
  if (pos + seqLen !== der.length) return null;
  const out = new Uint8Array(64);
  for (const offset of [0, 32]) {
    if (der[pos++] !== 0x02) return null;
    const len = der[pos++] ?? 0;
    let int = der.subarray(pos, pos + len);
    pos += len;
    if (int.length !== len || len === 0) return null;
    while (int.length > 32 && int[0] === 0) int = int.subarray(1);
    if (int.length > 32) return null;
    out.set(int, offset + 32 - int.length);
  }
  return pos === der.length ? out : null;
}

/** Imports SendGrid's verification key (base64 DER SubjectPublicKeyInfo, P-256); null when it is not one. */
export async function importVerificationKey(base64Der: string): Promise<CryptoKey | null> {
  const der = fromBase64(base64Der.replace(/-----(BEGIN|END) PUBLIC KEY-----|\s/g, ''));
  if (!der) return null;
  try {
    return await crypto.subtle.importKey('spki', der, { name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'verify',
    ]);
  } catch {
    return null;
  }
}

export type SignatureCheck = 'valid' | 'missing' | 'malformed' | 'stale' | 'invalid';

/** Checks a posted batch against one or two keys (two during a rotation) before anything is parsed. */
export async function checkWebhookSignature(input: {
  keys: string[];
  signature: string | undefined;
  timestamp: string | undefined;
  rawBody: string;
  now: Date;
}): Promise<SignatureCheck> {
  if (!input.signature || !input.timestamp) return 'missing';
  if (!/^\d{1,12}$/.test(input.timestamp)) return 'malformed';
  const age = input.now.getTime() / 1000 - Number(input.timestamp);
  if (age > MAX_AGE_S || age < -MAX_SKEW_S) return 'stale';
  const der = fromBase64(input.signature);
  const raw = der && derToRawSignature(der);
  if (!raw) return 'malformed';
  const data = encoder.encode(input.timestamp + input.rawBody);
  for (const text of input.keys) {
    const key = await importVerificationKey(text);
    if (key && (await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, raw, data)))
      return 'valid';
  }
  return 'invalid';
}
