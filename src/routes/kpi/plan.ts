import { createRoute, z } from '@hono/zod-openapi';
import { langOf } from '../../http/middleware/language.js';
import { authed, errorResponses, jsonContent } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { kpiPlan } from '../../services/kpi/plan.js';
import { Month, Targets } from './schemas.js';

const RateUsed = z.object({
  rate: z.number(),
  basis: z.enum(['history', 'default', 'fallback']),
  history: z.object({ successes: z.number(), trials: z.number(), months: z.number() }),
  reason: z.string(),
});
export const route = createRoute(
  authed('analyst', {
    method: 'get',
    path: '/v1/kpi/plan',
    operationId: 'getKpiPlan',
    tags: ['KPI'],
    summary: 'The month planned backwards, inbound and outbound apart, with actuals and pace',
    request: { query: z.object({ month: Month }) },
    responses: {
      200: jsonContent(
        z
          .object({
            month: z.string(),
            timezone: z.string(),
            targets: Targets.nullable(),
            pace: z.object({ businessDays: z.number().int(), elapsed: z.number().int(), share: z.number() }),
            sources: z.array(
              z.object({
                leadSource: z.enum(['inbound', 'outbound']),
                wonTarget: z.number(),
                winRate: RateUsed,
                meetingRate: RateUsed,
                meetingsNeeded: z.number().int(),
                engagedLeadsNeeded: z.number().int(),
                actual: z.object({
                  won: z.number().int(),
                  meetings: z.number().int(),
                  engagedLeads: z.number().int(),
                }),
                pace: z.object({
                  expectedWon: z.number(),
                  status: z.enum(['on_track', 'behind']),
                  gap: z.number(),
                }),
              }),
            ),
            total: z.object({
              wonTarget: z.number(),
              meetingsNeeded: z.number().int(),
              engagedLeadsNeeded: z.number().int(),
              won: z.number().int(),
              meetings: z.number().int(),
            }),
            openRate: z.object({
              actual: z.number().nullable(),
              target: z.number().nullable(),
              status: z.enum(['on_track', 'behind']).nullable(),
            }),
            notes: z.array(z.string()),
          })
          .openapi('KpiPlan'),
        'The plan',
      ),
      ...errorResponses(400),
    },
  }),
);

export function registerKpiPlan(app: App) {
  app.openapi(route, async (c) => {
    const plan = await kpiPlan({
      deps: c.get('deps'),
      workspaceId: c.get('auth').workspaceId,
      asked: c.req.valid('query').month,
      lang: langOf(c),
    });
    return c.json(plan, 200);
  });
}
