import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { onError } from '../../src/http/errors.js';
import type { AppEnv } from '../../src/http/types.js';

/** The one onError, on a bare app whose route fails the way a driver does. */
function failingWith(error: unknown) {
  const app = new Hono<AppEnv>();
  app.get('/', () => {
    throw error;
  });
  app.onError(onError);
  return app.request('/');
}

describe('onError', () => {
  it('answers text Postgres cannot store (NUL in text or jsonb) 400, not 500', async () => {
    for (const code of ['22021', '22P05']) {
      const res = await failingWith(
        Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code }),
      );
      expect(res.status, code).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'bad_request' } });
    }
  });

  it('answers a lost connection 503 with Retry-After, and anything else 500 without details', async () => {
    const down = await failingWith(Object.assign(new Error('gone'), { code: 'ECONNREFUSED' }));
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
    const other = await failingWith(new Error('secret detail'));
    expect(other.status).toBe(500);
    expect(await other.text()).not.toContain('secret detail');
  });
});
