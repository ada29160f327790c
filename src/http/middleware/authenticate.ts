import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../../errors.js';
import { authenticateKey } from '../../services/keys/authenticate-key.js';
import type { AppEnv } from '../types.js';

/** Bearer API key → workspace, role and this minute's rate-limit count, in one database round trip. */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) {
    throw new ApiError('unauthorized', 'Send your API key as "Authorization: Bearer <key>"', undefined, {
      'WWW-Authenticate': 'Bearer',
    });
  }
  const deps = c.get('deps');
  const auth = await authenticateKey({ deps, presented: match[1] });
  c.set('auth', auth);
  const resetSeconds = Math.ceil((auth.rateLimit.resetAt.getTime() - deps.clock.now().getTime()) / 1000);
  c.header('RateLimit-Limit', String(auth.rateLimit.limit));
  c.header('RateLimit-Remaining', String(auth.rateLimit.remaining));
  c.header('RateLimit-Reset', String(resetSeconds));
  await next();
};
