import { describe, expect, it } from 'vitest';
import { deriveSubkey, openText, sealText, sha256Hex } from '../../src/lib/crypto.js';
import { UUID_PATTERN, uuidv7 } from '../../src/lib/ids.js';
import { roleAllows } from '../../src/services/keys/roles.js';

describe('uuidv7', () => {
  it('is a version 7, variant 10 UUID carrying the millisecond timestamp', () => {
    const ms = Date.UTC(2026, 10, 26, 9, 30, 15, 123);
    const id = uuidv7(ms);
    expect(id).toMatch(UUID_PATTERN);
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
  });

  it('sorts by time, keeps ids of one millisecond in order, and never repeats', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => uuidv7(1_800_000_000_000 + i));
    expect([...ids].sort()).toEqual(ids);
    const sameMs = Array.from({ length: 5000 }, () => uuidv7(1_900_000_000_000));
    expect([...sameMs].sort()).toEqual(sameMs);
    expect(new Set(Array.from({ length: 10_000 }, () => uuidv7())).size).toBe(10_000);
  });
});

describe('deriveSubkey (HKDF-SHA-256)', () => {
  it('matches RFC 5869-style derivation computed independently with node:crypto', async () => {
    const { hkdfSync } = await import('node:crypto');
    const secret = 'kaifu-secret-kaifu-secret-kaifu-secret';
    const expected = new Uint8Array(hkdfSync('sha256', secret, 'kaifu/v1', 'tracking/k1', 32));
    expect(await deriveSubkey(secret, 'tracking')).toEqual(expected);
  });

  it('gives each purpose and key id its own key', async () => {
    const secret = 'kaifu-secret-kaifu-secret-kaifu-secret';
    const keys = await Promise.all([
      deriveSubkey(secret, 'tracking'),
      deriveSubkey(secret, 'session'),
      deriveSubkey(secret, 'credentials'),
      deriveSubkey(secret, 'tracking', 'k2'),
    ]);
    expect(new Set(keys.map((k) => Buffer.from(k).toString('hex'))).size).toBe(4);
  });

  it('hashes API keys with SHA-256', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('sealText / openText (AES-256-GCM under a subkey)', () => {
  const secret = 'kaifu-secret-kaifu-secret-kaifu-secret';

  it('round-trips, with a fresh IV each time', async () => {
    const a = await sealText(secret, 'idempotency', '{"key":"kf_abc"} 日本語');
    const b = await sealText(secret, 'idempotency', '{"key":"kf_abc"} 日本語');
    expect(a).not.toBe(b);
    expect(a).not.toContain('kf_abc');
    expect(await openText(secret, 'idempotency', a)).toBe('{"key":"kf_abc"} 日本語');
  });

  it('refuses altered text, another purpose and another secret', async () => {
    const sealed = await sealText(secret, 'idempotency', 'hello');
    const flipped = `${sealed.slice(0, 20)}${sealed[20] === 'A' ? 'B' : 'A'}${sealed.slice(21)}`;
    await expect(openText(secret, 'idempotency', flipped)).rejects.toThrow();
    await expect(openText(secret, 'credentials', sealed)).rejects.toThrow();
    await expect(openText(`${secret}x`, 'idempotency', sealed)).rejects.toThrow();
  });
});

describe('roles nest', () => {
  it.each([
    ['reader', 'reader', true],
    ['reader', 'analyst', false],
    ['analyst', 'reader', true],
    ['marketer', 'analyst', true],
    ['marketer', 'admin', false],
    ['admin', 'marketer', true],
  ] as const)('%s may act as %s: %s', (held, needed, allowed) => {
    expect(roleAllows(held, needed)).toBe(allowed);
  });
});

describe('toolchain', () => {
  it('runs on Node 24, as every npm script does through the pinned node devDependency', () => {
    expect(process.versions.node.split('.')[0]).toBe('24');
  });
});
