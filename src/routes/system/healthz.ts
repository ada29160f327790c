import { createRoute, z } from '@hono/zod-openapi';
import { pingDatabase } from '../../db/queries/operations.js';
import { errorResponses, jsonContent, publicRoute } from '../../http/openapi.js';
import type { App } from '../../http/types.js';

export const route = createRoute(
  publicRoute({
    method: 'get',
    path: '/healthz',
    operationId: 'checkHealth',
    tags: ['Operations'],
    summary: 'Liveness and database reachability',
    responses: {
      200: jsonContent(
        z.object({
          status: z.literal('ok').openapi({ description: 'The process is up and answering' }),
          database: z.literal('ok').openapi({ description: 'Postgres answered a ping just now' }),
        }),
        'Healthy',
      ),
      ...errorResponses(503),
    },
  }),
);

export function registerHealthz(app: App) {
  app.openapi(route, async (c) => {
    // A failing ping throws; the error handler answers 503 for an unreachable database.
    await pingDatabase(c.get('deps').db);
    return c.json({ status: 'ok' as const, database: 'ok' as const }, 200);
  });
}
