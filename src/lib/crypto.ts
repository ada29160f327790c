const encoder = new TextEncoder();

export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  return bytes;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Purposes that get their own subkey of KAIFU_SECRET, so no key ever serves two uses. */
export type KeyPurpose = 'tracking' | 'session' | 'credentials';

/**
 * HKDF-SHA-256 subkey of the one KAIFU_SECRET for a purpose and key id. The key id lets tracking tokens in mail
 * sent years ago name the secret generation they were signed with, so the secret can rotate.
 */
export async function deriveSubkey(secret: string, purpose: KeyPurpose, keyId = 'k1'): Promise<Uint8Array> {
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
