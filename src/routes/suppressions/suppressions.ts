import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, jsonBody, jsonContent, Pagination } from '../../http/openapi';
import { type App, actorOf } from '../../http/types';
import {
  addSuppressions,
  listSuppressions,
  removeSuppressions,
} from '../../services/suppressions/suppressions';

const MAX = 10_000;

export const AddSuppressionsRequest = z
  .object({
    suppressions: z
      .array(
        z
          .object({
            email: z.email().max(254),
            reason: z.enum(['manual', 'unsubscribed', 'bounced', 'complained']).default('manual'),
          })
          .strict(),
      )
      .min(1)
      .max(MAX),
  })
  .strict()
  .openapi('AddSuppressionsRequest');

const Suppression = z
  .object({
    emailHash: z
      .string()
      .openapi({ description: 'Salted SHA-256 of the address: all that survives an erasure' }),
    email: z.string().nullable().openapi({ description: 'The address, while a contact still holds it' }),
    contactId: z.uuid().nullable(),
    reason: z.enum(['unsubscribed', 'bounced', 'complained', 'manual', 'erased']),
    source: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Suppression');

export const addRoute = createRoute(
  authed('marketer', {
    method: 'post',
    path: '/v1/suppressions',
    tags: ['Suppressions'],
    summary: 'Suppress addresses (bulk, up to 10,000)',
    description:
      'An address suppressed already keeps its first reason. Matching active contacts stop at once.',
    request: { body: jsonBody(AddSuppressionsRequest) },
    responses: {
      200: jsonContent(
        z.object({
          added: z.number().int(),
          alreadySuppressed: z.number().int(),
          contactsUpdated: z.number().int(),
        }),
        'What changed',
      ),
      ...errorResponses(400, 413, 415, 422),
    },
  }),
);

export const listRoute = createRoute(
  authed('analyst', {
    method: 'get',
    path: '/v1/suppressions',
    tags: ['Suppressions'],
    summary: 'Suppressed addresses; `email` checks one address',
    request: {
      query: Pagination.extend({
        cursor: z.string().max(64).optional(),
        email: z.string().max(254).optional(),
      }),
    },
    responses: {
      200: jsonContent(z.object({ data: z.array(Suppression), nextCursor: z.string().nullable() }), 'A page'),
      ...errorResponses(400),
    },
  }),
);

export const removeRoute = createRoute(
  authed('marketer', {
    method: 'delete',
    path: '/v1/suppressions',
    tags: ['Suppressions'],
    summary: 'Lift suppressions; the contacts they held back become active again',
    request: {
      body: jsonBody(
        z
          .object({ emails: z.array(z.string().trim().min(3).max(254)).min(1).max(MAX) })
          .strict()
          .openapi('RemoveSuppressionsRequest'),
      ),
    },
    responses: {
      200: jsonContent(
        z.object({
          removed: z.number().int(),
          notSuppressed: z.number().int(),
          contactsReactivated: z.number().int(),
        }),
        'What changed',
      ),
      ...errorResponses(400, 413, 415),
    },
  }),
);

export function registerSuppressionRoutes(app: App) {
  app.openapi(addRoute, async (c) => {
    const result = await addSuppressions({
      deps: c.get('deps'),
      actor: actorOf(c),
      items: c.req.valid('json').suppressions,
    });
    return c.json(result, 200);
  });
  app.openapi(listRoute, async (c) => {
    const { limit, cursor, email } = c.req.valid('query');
    const page = await listSuppressions({
      deps: c.get('deps'),
      workspaceId: c.get('auth').workspaceId,
      email,
      limit,
      cursor,
    });
    return c.json(page, 200);
  });
  app.openapi(removeRoute, async (c) => {
    const result = await removeSuppressions({
      deps: c.get('deps'),
      actor: actorOf(c),
      emails: c.req.valid('json').emails,
    });
    return c.json(result, 200);
  });
}
