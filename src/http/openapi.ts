import { type RouteConfig, z } from '@hono/zod-openapi';
import { ErrorCode } from '../errors.js';
import type { Role } from '../services/keys/roles.js';
import { idempotency } from './middleware/idempotency.js';
import { requireRole } from './middleware/require-role.js';

export const ErrorBody = z
  .object({
    error: z.object({
      code: ErrorCode,
      message: z.string(),
      requestId: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

const errorDescriptions: Record<number, string> = {
  400: 'Malformed or invalid request',
  401: 'Missing, unknown, expired or revoked API key',
  403: 'The key’s role does not allow this',
  404: 'Not found in this workspace',
  409: 'Conflicts with the current state, or the same Idempotency-Key is still running',
  413: 'Body too large',
  415: 'Body is not application/json',
  422: 'Idempotency-Key reused with another body, or the request cannot be carried out',
  429: 'Rate limit exceeded; see Retry-After',
  503: 'Database unavailable; retry',
};

export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        description: errorDescriptions[s] ?? 'Error',
        content: { 'application/json': { schema: ErrorBody } },
      },
    ]),
  );
}

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

/**
 * Marks a route as needing an API key of at least `role`: the check runs before validation and before any
 * Idempotency-Key is claimed or replayed, and the role is published in the OpenAPI document (`x-kaifu-role`)
 * so clients and the role-boundary tests can read it.
 */
export function authed<R extends Omit<RouteConfig, 'middleware'>>(role: Role, route: R) {
  return {
    ...route,
    security: [{ apiKey: [] }],
    'x-kaifu-role': role,
    middleware: [requireRole(role), idempotency(role)],
    description: [route.description, `Requires a key with role \`${role}\` or above.`]
      .filter(Boolean)
      .join('\n\n'),
    responses: { ...route.responses, ...errorResponses(401, 403, 429, 503) },
  };
}

/** A page of a cursor-paged list: its items, and the cursor of the next page (null on the last). */
export const pageOf = <T extends z.ZodType>(item: T) =>
  jsonContent(z.object({ data: z.array(item), nextCursor: z.string().nullable() }), 'A page');

export const Pagination = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().uuid().optional(),
});
