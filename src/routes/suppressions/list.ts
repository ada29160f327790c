import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, Pagination, pageOf } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { listSuppressions } from '../../services/suppressions/suppressions.js';

const Suppression = z
  .object({
    emailHash: z.string().openapi({
      description: 'Salted SHA-256 of the address (hex): all that survives an erasure; the page cursor',
      example: '9f2c4e7a1b3d5f60718293a4b5c6d7e8f9012a3b4c5d6e7f8091a2b3c4d5e6f7',
    }),
    email: z
      .string()
      .nullable()
      .openapi({ description: 'The address, while a contact still holds it', example: 'sato@example.jp' }),
    contactId: z.uuid().nullable().openapi({
      description: 'The contact holding the address; null if none does (never imported, or erased)',
      example: '0193b7c2-7b15-7d92-9e3f-6a4b0c2d8f71',
    }),
    reason: z.enum(['unsubscribed', 'bounced', 'complained', 'manual', 'erased']).openapi({
      description:
        'Why the address is not mailed: unsubscribed, bounced (hard bounce), complained (spam report), manual ' +
        '(added through the API), or erased (an active contact was erased)',
      example: 'unsubscribed',
    }),
    source: z
      .string()
      .nullable()
      .openapi({
        description:
          'What suppressed it: api (POST /v1/suppressions), one-click (a message’s unsubscribe link), sendgrid (an Event ' +
          'Webhook event) or erasure',
        example: 'one-click',
      }),
    createdAt: z.string().datetime().openapi({
      description: 'When the address was suppressed, ISO 8601 UTC',
      example: '2026-10-01T09:00:00.000Z',
    }),
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
