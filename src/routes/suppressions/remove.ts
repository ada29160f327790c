import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, jsonBody, jsonContent } from '../../http/openapi.js';
import { type App, actorOf } from '../../http/types.js';
import { line } from '../../lib/text.js';
import { removeSuppressions } from '../../services/suppressions/suppressions.js';

const MAX = 10_000;

export const route = createRoute(
  authed('marketer', {
    method: 'delete',
    path: '/v1/suppressions',
    operationId: 'removeSuppressions',
    tags: ['Suppressions'],
    summary: 'Lift suppressions; the contacts they held back become active again',
    request: {
      body: jsonBody(
        z
          .object({ emails: z.array(line().trim().min(3).max(254)).min(1).max(MAX) })
          .strict()
          .openapi('RemoveSuppressionsRequest'),
      ),
    },
    responses: {
      200: jsonContent(
        z.object({
          removed: z.number().int().openapi({ description: 'Suppressions lifted', example: 1 }),
          notSuppressed: z.number().int().openapi({
            description: 'Addresses that were not suppressed (an address given twice counts once)',
            example: 0,
          }),
          contactsReactivated: z.number().int().openapi({
            description: 'Contacts holding a lifted address, now active again (erased contacts hold none)',
            example: 1,
          }),
        }),
        'What changed',
      ),
      ...errorResponses(400, 413, 415),
    },
  }),
);

export function registerRemoveSuppressions(app: App) {
  app.openapi(route, async (c) => {
    const result = await removeSuppressions({
      deps: c.get('deps'),
      actor: actorOf(c),
      emails: c.req.valid('json').emails,
    });
    return c.json(result, 200);
  });
}
