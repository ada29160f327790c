const encoder = new TextEncoder();

export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  return bytes;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Compares a presented secret with the expected one in constant time: both are hashed first, so neither the
 * length nor any prefix of the expected secret shows in the time taken.
 */
export async function secretsEqual(presented: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all(
    [presented, expected].map((t) => crypto.subtle.digest('SHA-256', encoder.encode(t))),
  );
  const x = new Uint8Array(a as ArrayBuffer);
  const y = new Uint8Array(b as ArrayBuffer);
  let difference = 0;
  for (let i = 0; i < x.length; i++) difference |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return difference === 0;
}

/** Purposes that get their own subkey of KAIFU_SECRET, so no key ever serves two uses. */
export type KeyPurpose = 'tracking' | 'session' | 'credentials' | 'idempotency';

/**
 * HKDF-SHA-256 subkey of the one KAIFU_SECRET for a purpose and key id. The key id lets tracking tokens in mail
 * sent years ago name the secret generation they were signed with, so the secret can rotate.
 */
export async function deriveSubkey(
  secret: string,
  purpose: KeyPurpose,
  keyId = 'k1',
): Promise<Uint8Array<ArrayBuffer>> {
  const master = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: encoder.encode('kaifu/v1'),
      info: encoder.encode(`${purpose}/${keyId}`),
    },
    master,
    256,
  );
  return new Uint8Array(bits);
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}

async function aesKey(secret: string, purpose: KeyPurpose): Promise<CryptoKey> {
  const raw = await deriveSubkey(secret, purpose);
  return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/** AES-256-GCM under the purpose's subkey; the result is base64url(iv ‖ ciphertext ‖ tag). */
export async function sealText(secret: string, purpose: KeyPurpose, plaintext: string): Promise<string> {
  const iv = randomBytes(12);
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv },
    await aesKey(secret, purpose),
    encoder.encode(plaintext),
  );
  const out = new Uint8Array(iv.length + sealed.byteLength);
  out.set(iv);
  out.set(new Uint8Array(sealed), iv.length);
  return base64url(out);
}

/** Opens what sealText made; throws if it was altered or sealed under another secret or purpose. */
export async function openText(secret: string, purpose: KeyPurpose, sealed: string): Promise<string> {
  const bytes = fromBase64url(sealed);
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: bytes.slice(0, 12) },
    await aesKey(secret, purpose),
    bytes.slice(12),
  );
  return new TextDecoder().decode(plain);
}
