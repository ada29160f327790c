import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, jsonContent } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { FUNNEL_DIMENSIONS, kpiFunnel } from '../../services/kpi/funnel.js';

const Interval = z.object({ lower: z.number(), upper: z.number() }).nullable();
const Step = z.object({ rate: z.number().nullable(), ci: Interval });

export const route = createRoute(
  authed('analyst', {
    method: 'get',
    path: '/v1/kpi/funnel',
    operationId: 'getKpiFunnel',
    tags: ['KPI'],
    summary:
      'The funnel delivered → human open → click → meeting → won, by campaign, variant, lead source or month',
    description:
      'Messages for the first three steps, contacts for meetings and wins; each rate over the step before, with its interval.',
    request: {
      query: z.object({
        dimension: z.enum(FUNNEL_DIMENSIONS),
        from: z.iso.date().optional(),
        to: z.iso.date().optional(),
      }),
    },
    responses: {
      200: jsonContent(
        z.object({
          rows: z.array(
            z.object({
              key: z.record(z.string(), z.string()),
              delivered: z.number().int(),
              humanOpens: z.number().int(),
              humanClicks: z.number().int(),
              meetings: z.number().int(),
              won: z.number().int(),
              wonAmount: z.number(),
              rates: z.object({ open: Step, click: Step, meeting: Step, win: Step }),
            }),
          ),
        }),
        'The funnel',
      ),
      ...errorResponses(400),
    },
  }),
);

export function registerKpiFunnel(app: App) {
  app.openapi(route, async (c) => {
    const rows = await kpiFunnel({
      deps: c.get('deps'),
      workspaceId: c.get('auth').workspaceId,
      query: c.req.valid('query'),
    });
    return c.json({ rows }, 200);
  });
}
