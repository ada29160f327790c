import type { MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ApiError } from '../../errors.js';
import { sha256Hex } from '../../lib/crypto.js';
import { recordAudit } from '../../services/audit/record-audit.js';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  type IdempotencyScope,
  releaseIdempotencyKey,
} from '../../services/idempotency/idempotency.js';
import type { Role } from '../../services/keys/roles.js';
import type { AppEnv } from '../types.js';

/** What an Idempotency-Key may be: 1 to 255 visible ASCII characters (also what the OpenAPI document says). */
export const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

// Answers that say the endpoint never ran: the body was invalid, the key had no right to it, the body was too
// large or not JSON, the rate limit was reached. Kept, they would refuse the corrected retry; so the claim goes.
const REFUSED_BEFORE_RUNNING = new Set([400, 401, 403, 413, 415, 429]);

/**
 * `Idempotency-Key` on POSTs, per API key: the same key and body within 24 h → the first answer again; same key
 * with another body → 422; first request still running → 409. Runs after the route's role check, so a key may
 * only ever replay what it was allowed to do itself. Refusals before the endpoint ran and answers of 5xx are
 * not kept. Replays of admin actions are audited: a replayed key creation hands out that key again.
 */
export function idempotency(role: Role): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (c.req.method !== 'POST' || key === undefined) return next();
    if (!KEY_PATTERN.test(key)) {
      throw new ApiError('bad_request', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
    }
    const deps = c.get('deps');
    const auth = c.get('auth');
    const scope: IdempotencyScope = {
      workspaceId: auth.workspaceId,
      keyId: auth.keyId,
      method: c.req.method,
      path: c.req.path,
      key,
    };
    const requestHash = await sha256Hex(await c.req.text());
    const claim = await claimIdempotencyKey({ deps, scope, requestHash });
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
          { 'Retry-After': '1' },
        );
      case 'replay': {
        if (role === 'admin') {
          await recordAudit({
            db: deps.db,
            entry: {
              workspaceId: auth.workspaceId,
              actorKeyId: auth.keyId,
              action: 'request.replayed',
              targetType: 'request',
              targetId: null,
              details: { method: scope.method, path: scope.path, idempotencyKey: key, status: claim.status },
              requestId: c.get('requestId'),
              at: deps.clock.now(),
            },
          });
        }
        // Through the context, so this request's own X-Request-Id and rate-limit headers go with it.
        c.header('Idempotent-Replayed', 'true');
        if (claim.contentType) c.header('Content-Type', claim.contentType);
        if (claim.status === 204) return c.body(null, 204);
        return c.body(claim.body, claim.status as ContentfulStatusCode);
      }
      case 'claimed':
        break;
    }
    await next();
    const res = c.res;
    if (res.status >= 500 || REFUSED_BEFORE_RUNNING.has(res.status)) {
      await releaseIdempotencyKey({ deps, scope });
      return;
    }
    await completeIdempotencyKey({
      deps,
      scope,
      response: {
        status: res.status,
        body: await res.clone().text(),
        contentType: res.headers.get('content-type'),
      },
    });
  };
}
