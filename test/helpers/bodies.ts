import { type RouteConfig, z } from '@hono/zod-openapi';
import type { ErrorBody } from '../../src/http/openapi.js';

/** The zod schema a route declares for a status's JSON body. */
type SchemaOf<R extends RouteConfig, S extends keyof R['responses']> = R['responses'][S] extends {
  content: { 'application/json': { schema: infer Z extends z.ZodType } };
}
  ? Z
  : never;

/** The body a route answers with `status` (200 unless given), as its OpenAPI schema declares it. */
export type ResponseOf<R extends RouteConfig, S extends keyof R['responses'] = 200> = z.output<
  SchemaOf<R, S>
>;

/** The JSON body a route accepts, as its schema declares it (before defaults are applied). */
export type RequestOf<R extends RouteConfig> = R['request'] extends {
  body?: { content: { 'application/json': { schema: infer Z extends z.ZodType } } };
}
  ? z.input<Z>
  : never;

/** Every error answer's body. */
export type ErrorResponse = z.output<typeof ErrorBody>;

/**
 * Reads a response's JSON as the body `route` declares for `status`: tests say which route they called, and
 * the compiler holds them to its schema instead of to a hand-written cast.
 */
export async function bodyOf<R extends RouteConfig, S extends keyof R['responses'] = 200>(
  res: Response,
  _route: R,
  _status?: S,
): Promise<ResponseOf<R, S>> {
  return res.json() as Promise<ResponseOf<R, S>>;
}

/** Reads an error answer's JSON body. */
export const errorOf = (res: Response): Promise<ErrorResponse> => res.json() as Promise<ErrorResponse>;

/**
 * A validation failure's field details. The shared error schema declares `details` as unknown (each code puts
 * its own shape there), so this checks the shape `validationHook` writes at run time rather than casting to it.
 */
const ValidationDetails = z.array(
  z.object({ in: z.string(), path: z.string(), message: z.string(), code: z.string() }),
);
export const validationDetailsOf = (body: ErrorResponse) => ValidationDetails.parse(body.error.details);
