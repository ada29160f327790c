import { type RouteConfig, z } from '@hono/zod-openapi';
import { ErrorCode } from '../errors.js';
import type { Role } from '../services/keys/roles.js';
import { idempotency, KEY_PATTERN } from './middleware/idempotency.js';
import { requireRole } from './middleware/require-role.js';

export const ErrorBody = z
  .object({
    error: z
      .object({
        // ErrorCode is plain zod (errors.ts knows nothing of OpenAPI): its own enum, described here.
        code: z.enum(ErrorCode.options).openapi({
          description: 'What went wrong, for code to branch on; the same code always means the same status',
          example: 'not_found',
        }),
        message: z.string().openapi({
          description: 'What went wrong and how to put it right, for a person',
          example: 'Campaign not found',
        }),
        requestId: z.string().openapi({
          description: 'This request’s id, also sent as X-Request-Id; quote it when reporting a problem',
          example: '0193b7c2-5f1e-7a3d-9c41-2b8e6f0d4a17',
        }),
        details: z.unknown().optional().openapi({
          description:
            'More about the failure where there is more: for validation_failed, the issues by field',
        }),
      })
      .openapi({ description: 'The one shape every error answers with' }),
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

const stringHeader = (description: string) => ({ description, schema: { type: 'string' as const } });
const integerHeader = (description: string) => ({
  description,
  schema: { type: 'integer' as const, minimum: 0 },
});

/** The response headers Kaifu sets, declared so that clients (and generated SDKs) may rely on them. */
export const HEADERS = {
  'X-Request-Id': stringHeader('This request’s id, also in error bodies; quote it when reporting a problem'),
  'RateLimit-Limit': integerHeader('Requests this API key may make per minute'),
  'RateLimit-Remaining': integerHeader('Requests left to this key in the current minute'),
  'RateLimit-Reset': integerHeader('Seconds until the current minute’s window ends'),
  'Retry-After': integerHeader('Seconds to wait before trying again'),
  'Idempotent-Replayed': stringHeader(
    '`true` when this is the stored answer to an earlier request with the same Idempotency-Key and body',
  ),
};
type HeaderName = keyof typeof HEADERS;
const headers = (...names: HeaderName[]) => Object.fromEntries(names.map((n) => [n, HEADERS[n]]));

/** When a status carries Retry-After: rate limits, outages, and an Idempotency-Key still running. */
const RETRYABLE = new Set(['409', '429', '503']);

/** `Idempotency-Key`, honoured on every authenticated POST (see the idempotency middleware). */
const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  in: 'header' as const,
  required: false,
  description:
    'Retry safely: the same key and body within 24 h answer the first response again (with ' +
    '`Idempotent-Replayed: true`); the same key with another body is 422; while the first is still running, 409.',
  schema: { type: 'string' as const, minLength: 1, maxLength: 255, pattern: KEY_PATTERN.source },
};

/** Declares on every response the headers it carries; `authenticated` adds the rate-limit headers of a key. */
function withHeaders<T extends RouteConfig['responses']>(
  responses: T,
  authenticated: boolean,
  post: boolean,
): T {
  return Object.fromEntries(
    Object.entries(responses).map(([status, response]) => {
      if ('$ref' in response) return [status, response];
      const success = status.startsWith('2');
      const names: HeaderName[] = ['X-Request-Id'];
      if (authenticated && success) names.push('RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset');
      if (authenticated && success && post) names.push('Idempotent-Replayed');
      if (RETRYABLE.has(status)) names.push('Retry-After');
      return [status, { ...response, headers: { ...headers(...names), ...response.headers } }];
    }),
  ) as T;
}

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
  const post = route.method === 'post';
  return {
    ...route,
    ...(post ? { parameters: [IDEMPOTENCY_KEY] } : {}),
    security: [{ apiKey: [] }],
    'x-kaifu-role': role,
    middleware: [requireRole(role), idempotency(role)],
    description: [route.description, `Requires a key with role \`${role}\` or above.`]
      .filter(Boolean)
      .join('\n\n'),
    // A POST's Idempotency-Key may answer 409 (the first request still running) or 422 (another body).
    responses: withHeaders(
      {
        ...errorResponses(...(post ? [409, 422] : [])),
        ...route.responses,
        ...errorResponses(401, 403, 429, 503),
      },
      true,
      post,
    ),
  };
}

/** Marks a route as open to anyone (probes, recipients, SendGrid): no API key, `security: []` in the document. */
export function publicRoute<R extends RouteConfig>(route: R) {
  return { ...route, security: [], responses: withHeaders(route.responses, false, false) };
}

/** A page of a cursor-paged list: its items, and the cursor of the next page (null on the last). */
export const pageOf = <T extends z.ZodType>(item: T) =>
  jsonContent(
    z.object({
      data: z.array(item).openapi({ description: 'This page’s items, at most `limit`' }),
      nextCursor: z.string().nullable().openapi({
        description: 'Pass as `cursor` for the next page; null on the last page',
        example: '0193b7c2-5f1e-7a3d-9c41-2b8e6f0d4a17',
      }),
    }),
    'A page',
  );

export const Pagination = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().uuid().optional(),
});
