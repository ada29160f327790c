import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../types.js';

const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/**
 * Reads a JSON body as text before validation parses it (the parse then reuses the text): when the parse
 * fails, the error can say why — empty, or where the parser stopped — instead of only "malformed".
 */
export const keepJsonText: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (
    c.req.method !== 'GET' &&
    c.req.method !== 'HEAD' &&
    JSON_TYPE.test(c.req.header('Content-Type') ?? '')
  ) {
    await c.req.text();
  }
  await next();
};
