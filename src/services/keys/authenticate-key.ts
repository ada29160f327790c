import { findKeyCountingRequest } from '../../db/queries/keys.js';
import { RATE_WINDOW_MS, windowStartOf } from '../../db/queries/rate-limits.js';
import type { Deps } from '../../deps.js';
import { ApiError } from '../../errors.js';
import { hashApiKey } from './key-material.js';
import type { Role } from './roles.js';

export interface Authenticated {
  workspaceId: string;
  keyId: string;
  role: Role;
  rateLimit: { limit: number; remaining: number; resetAt: Date };
}

/**
 * Checks an API key and counts the request against its per-minute limit in one round trip. Runs on the
 * uncached connection: a revoked key must be refused at once, and the count must be shared by every isolate.
 */
export async function authenticateKey({
  deps,
  presented,
}: {
  deps: Deps;
  presented: string;
}): Promise<Authenticated> {
  const now = deps.clock.now();
  const windowStart = windowStartOf(now);
  const keyHash = await hashApiKey(presented);
  const row = await findKeyCountingRequest(deps.db, keyHash, windowStart, now);
  if (!row) throw new ApiError('unauthorized', 'Unknown API key');
  if (row.revoked_at) throw new ApiError('unauthorized', 'This API key has been revoked');
  if (row.expires_at && new Date(row.expires_at) <= now) {
    throw new ApiError('unauthorized', 'This API key has expired');
  }
  const limit = deps.config.rateLimitPerMinute;
  const used = Number(row.used ?? 0);
  const resetAt = new Date(windowStart.getTime() + RATE_WINDOW_MS);
  if (used > limit) {
    const retryAfter = Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000));
    throw new ApiError('rate_limited', `Rate limit of ${limit} requests per minute exceeded`, undefined, {
      'Retry-After': String(retryAfter),
    });
  }
  return {
    workspaceId: row.workspace_id,
    keyId: row.id,
    role: row.role,
    rateLimit: { limit, remaining: limit - used, resetAt },
  };
}
