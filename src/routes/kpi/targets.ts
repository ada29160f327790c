import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, jsonBody, jsonContent } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { setTargets } from '../../services/kpi/plan.js';
import { Month, Targets } from './schemas.js';

export const route = createRoute(
  authed('analyst', {
    method: 'put',
    path: '/v1/kpi/targets/{month}',
    operationId: 'setKpiTargets',
    tags: ['KPI'],
    summary: 'Set a month’s targets: deals won, open rate, and default meeting and win rates',
    request: { params: z.object({ month: Month }), body: jsonBody(Targets) },
    responses: { 200: jsonContent(Targets, 'The targets'), ...errorResponses(400, 413, 415) },
  }),
);

export function registerKpiTargets(app: App) {
  app.openapi(route, async (c) => {
    const targets = await setTargets({
      deps: c.get('deps'),
      workspaceId: c.get('auth').workspaceId,
      month: c.req.valid('param').month,
      input: c.req.valid('json'),
    });
    return c.json(targets, 200);
  });
}
