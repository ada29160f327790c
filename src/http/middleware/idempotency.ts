import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../../errors';
import { sha256Hex } from '../../lib/crypto';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  type IdempotencyScope,
  releaseIdempotencyKey,
} from '../../services/idempotency/idempotency';
import type { AppEnv } from '../types';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * `Idempotency-Key` on creating POSTs: same key and body within 24 h → the first answer again; same key with
 * another body → 422; first request still running → 409. Answers of 5xx are not kept, so a retry runs again.
 */
export const idempotency: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = c.req.header('idempotency-key');
  if (c.req.method !== 'POST' || key === undefined) return next();
  if (!KEY_PATTERN.test(key)) {
    throw new ApiError('bad_request', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
  }
  const deps = c.get('deps');
  const scope: IdempotencyScope = {
    workspaceId: c.get('auth').workspaceId,
    method: c.req.method,
    path: c.req.path,
    key,
  };
  const requestHash = await sha256Hex(await c.req.text());
  const claim = await claimIdempotencyKey(deps, scope, requestHash);
  switch (claim.kind) {
    case 'mismatch':
      throw new ApiError(
        'idempotency_key_reused',
        'This Idempotency-Key was used with a different request body',
      );
    case 'in_progress':
      throw new ApiError(
        'idempotency_in_progress',
        'A request with this Idempotency-Key is still running',
        undefined,
        {
          'Retry-After': '1',
        },
      );
    case 'replay': {
      const headers = new Headers({ 'Idempotent-Replayed': 'true' });
      if (claim.contentType) headers.set('Content-Type', claim.contentType);
      return new Response(claim.status === 204 ? null : claim.body, { status: claim.status, headers });
    }
    case 'claimed':
      break;
  }
  await next();
  const res = c.res;
  if (res.status >= 500) {
    await releaseIdempotencyKey(deps, scope);
    return;
  }
  await completeIdempotencyKey(deps, scope, {
    status: res.status,
    body: await res.clone().text(),
    contentType: res.headers.get('content-type'),
  });
};
