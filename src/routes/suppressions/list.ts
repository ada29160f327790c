import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, Pagination, pageOf } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { listSuppressions } from '../../services/suppressions/suppressions.js';

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

export const route = createRoute(
  authed('analyst', {
    method: 'get',
    path: '/v1/suppressions',
    operationId: 'listSuppressions',
    tags: ['Suppressions'],
    summary: 'Suppressed addresses; `email` checks one address',
    request: {
      query: Pagination.extend({
        cursor: z.string().max(64).optional(),
        email: z.string().max(254).optional(),
      }),
    },
    responses: {
      200: pageOf(Suppression),
      ...errorResponses(400),
    },
  }),
);

export function registerListSuppressions(app: App) {
  app.openapi(route, async (c) => {
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
}
