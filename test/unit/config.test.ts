import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';

describe('parseConfig', () => {
  it('gives the embedded defaults when nothing is set on Node', () => {
    const config = parseConfig({}, { embedded: true });
    expect(config).toMatchObject({
      port: 8787,
      databaseUrl: undefined,
      dataDir: './.kaifu',
      publicUrl: 'http://localhost:8787',
      secret: undefined,
      rateLimitPerMinute: 1200,
      logLevel: 'info',
      sendgrid: { baseUrl: 'https://api.sendgrid.com', apiKey: undefined },
    });
  });

  it('derives the public URL from PORT and trims trailing slashes', () => {
    expect(parseConfig({ PORT: '9000' }, { embedded: true }).publicUrl).toBe('http://localhost:9000');
    expect(parseConfig({ KAIFU_PUBLIC_URL: 'https://t.example.com/' }, { embedded: true }).publicUrl).toBe(
      'https://t.example.com',
    );
  });

  it('treats empty strings as unset', () => {
    expect(
      parseConfig({ DATABASE_URL: '', SENDGRID_API_KEY: '' }, { embedded: true }).databaseUrl,
    ).toBeUndefined();
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ KAIFU_PUBLIC_URL: 'ftp://x' }, 'KAIFU_PUBLIC_URL'],
    [{ KAIFU_SECRET: 'short' }, 'KAIFU_SECRET'],
    [{ KAIFU_ADMIN_KEY: 'has spaces in it which are not allowed' }, 'KAIFU_ADMIN_KEY'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ KAIFU_RATE_LIMIT_PER_MINUTE: '0' }, 'KAIFU_RATE_LIMIT_PER_MINUTE'],
    [{ SENDGRID_API_BASE_URL: 'not a url' }, 'SENDGRID_API_BASE_URL'],
  ])('stops on %o naming %s', (env, variable) => {
    expect(() => parseConfig(env, { embedded: true })).toThrow(ConfigError);
    expect(() => parseConfig(env, { embedded: true })).toThrow(new RegExp(`${variable}:`));
  });

  it('requires KAIFU_SECRET with DATABASE_URL and on Workers', () => {
    expect(() => parseConfig({ DATABASE_URL: 'postgres://h/db' }, { embedded: true })).toThrow(
      /KAIFU_SECRET/,
    );
    expect(() => parseConfig({}, { embedded: false })).toThrow(/KAIFU_SECRET/);
    expect(
      parseConfig({ DATABASE_URL: 'postgres://h/db', KAIFU_SECRET: SECRET }, { embedded: true }).secret,
    ).toBe(SECRET);
  });

  it('requires KAIFU_PUBLIC_URL where there is no localhost to fall back on', () => {
    expect(() => parseConfig({ KAIFU_SECRET: SECRET }, { embedded: false, requirePublicUrl: true })).toThrow(
      /KAIFU_PUBLIC_URL/,
    );
  });
});
