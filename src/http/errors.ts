import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { isDatabaseUnavailable } from '../db/client.js';
import { ApiError, type ErrorCode, statusOf } from '../errors.js';
import type { AppEnv } from './types.js';

const codeForHttpStatus: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
  503: 'unavailable',
};

// Text Postgres cannot store (NUL in text, \u0000 in jsonb): input that validation should have refused. A 400
// still, not a 500: the request is what is wrong, and retrying it cannot help.
const UNSTORABLE_TEXT_CODES = new Set(['22021', '22P05']);

const codeOf = (error: unknown) => (error as { code?: unknown } | null)?.code;

export function errorResponse(
  c: Context<AppEnv>,
  code: ErrorCode,
  message: string,
  details?: unknown,
  headers?: Record<string, string>,
) {
  const body = { error: { code, message, requestId: c.get('requestId') ?? '', details } };
  for (const [name, value] of Object.entries(headers ?? {})) c.header(name, value);
  return c.json(body, statusOf[code]);
}

const SEND_JSON = 'send the body as JSON, with Content-Type: application/json';

/** What Hono's and zod-openapi's own refusals (bare "Unsupported Media Type", "Malformed JSON") mean. */
async function explainRefusal(c: Context<AppEnv>, err: HTTPException): Promise<string | undefined> {
  if (err.status === 415) {
    const type = c.req.header('Content-Type')?.split(';')[0]?.trim();
    return type
      ? `Content-Type ${type} is not accepted here: ${SEND_JSON}`
      : `The request has no Content-Type: ${SEND_JSON}`;
  }
  if (err.status === 400 && /json/i.test(err.message)) {
    // keepJsonText read the body as text before the parse, so it can be read again here.
    const text = await c.req.text().catch(() => undefined);
    if (text !== undefined && text.trim() === '') {
      return 'The request body is empty: send a JSON object, with Content-Type: application/json';
    }
    try {
      if (text !== undefined) JSON.parse(text);
    } catch (parseError) {
      return `Malformed JSON in request body: ${(parseError as Error).message}`;
    }
    return 'Malformed JSON in request body';
  }
  return undefined;
}

/** The one place an exception becomes an HTTP answer. */
export const onError: ErrorHandler<AppEnv> = async (err, c) => {
  if (err instanceof ApiError) return errorResponse(c, err.code, err.message, err.details, err.headers);
  if (err instanceof HTTPException) {
    const code = codeForHttpStatus[err.status] ?? (err.status >= 500 ? 'internal' : 'bad_request');
    return errorResponse(c, code, (await explainRefusal(c, err)) || err.message || 'Request refused');
  }
  const log = c.get('deps')?.log;
  if (UNSTORABLE_TEXT_CODES.has(String(codeOf(err)))) {
    log?.warn('unstorable text reached the database', {
      requestId: c.get('requestId'),
      route: c.req.routePath,
    });
    return errorResponse(c, 'bad_request', 'Text must not contain NUL or other control characters');
  }
  if (isDatabaseUnavailable(err)) {
    log?.warn('database unavailable', { requestId: c.get('requestId'), error: err });
    return errorResponse(c, 'unavailable', 'The database is unavailable; retry shortly', undefined, {
      'Retry-After': '5',
    });
  }
  log?.error('unhandled error', {
    requestId: c.get('requestId'),
    error: err,
    stack: err instanceof Error ? err.stack : undefined,
  });
  return errorResponse(c, 'internal', 'Internal error');
};

export const onNotFound: NotFoundHandler<AppEnv> = (c) =>
  errorResponse(c, 'not_found', `No route for ${c.req.method} ${c.req.path}`);

// Where a failed value was, in the words of an HTTP request.
const TARGETS: Record<string, string> = {
  json: '',
  form: '',
  query: 'query parameter ',
  param: 'path parameter ',
  header: 'header ',
  cookie: 'cookie ',
};

/**
 * zod-openapi's hook for failed validation: field-level details in the standard body, and a message naming the
 * first field at fault and what it takes ("contacts: required, an array of 1 to 10,000 contacts").
 */
export function validationHook(result: {
  success: boolean;
  target: string;
  error?: { issues: { path: PropertyKey[]; message: string; code: string }[] };
}) {
  if (result.success) return;
  const details = (result.error?.issues ?? []).map((issue) => ({
    in: result.target,
    path: issue.path.map(String).join('.'),
    message: issue.message,
    code: issue.code,
  }));
  const first = details[0];
  const where = TARGETS[result.target] ?? `${result.target} `;
  const field = first?.path ? `${where}${first.path}` : where ? where.trim() : 'the request body';
  const more = details.length > 1 ? ` (and ${details.length - 1} more; see details)` : '';
  throw new ApiError('validation_failed', `${field}: ${first?.message ?? 'invalid'}${more}`, details);
}
