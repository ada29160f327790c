import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../../errors.js';
import type { AppEnv } from '../types.js';

// A percent-encoded C0 control character or DEL: no path segment or query parameter here takes one, and
// Postgres text cannot hold NUL.
const ENCODED_CONTROL = /%(?:[01][0-9a-f]|7f)/i;

/** Refuses a URL carrying a control character before any route reads it: 400, never a failed query. */
export const refuseControlCharacters: MiddlewareHandler<AppEnv> = async (c, next) => {
  const url = c.req.url;
  if (ENCODED_CONTROL.test(url)) {
    const where = ENCODED_CONTROL.test(url.slice(url.indexOf('?') + 1 || url.length)) ? 'query' : 'path';
    throw new ApiError('validation_failed', `The ${where} must not contain control characters`, [
      { in: where, path: '', message: 'must not contain control characters', code: 'custom' },
    ]);
  }
  await next();
};
