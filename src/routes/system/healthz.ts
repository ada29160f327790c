import { createRoute, z } from '@hono/zod-openapi';
import { pingDatabase } from '../../db/queries/operations';
import { errorResponses, jsonContent } from '../../http/openapi';
import type { App } from '../../http/types';

export const route = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['Operations'],
  summary: 'Liveness and database reachability',
  responses: {
    200: jsonContent(z.object({ status: z.literal('ok'), database: z.literal('ok') }), 'Healthy'),
    ...errorResponses(503),
  },
});

export function registerHealthz(app: App) {
  app.openapi(route, async (c) => {
    // A failing ping throws; the error handler answers 503 for an unreachable database.
    await pingDatabase(c.get('deps').db);
    return c.json({ status: 'ok' as const, database: 'ok' as const }, 200);
  });
}
