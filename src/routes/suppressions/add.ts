import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, jsonBody, jsonContent } from '../../http/openapi.js';
import { type App, actorOf } from '../../http/types.js';
import { addSuppressions } from '../../services/suppressions/suppressions.js';

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

export const route = createRoute(
  authed('marketer', {
    method: 'post',
    path: '/v1/suppressions',
    operationId: 'addSuppressions',
    tags: ['Suppressions'],
    summary: 'Suppress addresses (bulk, up to 10,000)',
    description:
      'An address suppressed already keeps its first reason. Matching active contacts stop at once.',
    request: { body: jsonBody(AddSuppressionsRequest) },
    responses: {
      200: jsonContent(
        z.object({
          added: z.number().int().openapi({
            description: 'Addresses newly suppressed (an address given twice counts once)',
            example: 120,
          }),
          alreadySuppressed: z.number().int().openapi({
            description: 'Addresses suppressed already, which keep their first reason',
            example: 3,
          }),
          contactsUpdated: z.number().int().openapi({
            description:
              'Active contacts stopped: bounced or complained for those reasons, unsubscribed for the others',
            example: 41,
          }),
        }),
        'What changed',
      ),
      ...errorResponses(400, 413, 415, 422),
    },
  }),
);

export function registerAddSuppressions(app: App) {
  app.openapi(route, async (c) => {
    const result = await addSuppressions({
      deps: c.get('deps'),
      actor: actorOf(c),
      items: c.req.valid('json').suppressions,
    });
    return c.json(result, 200);
  });
}
