import { createRoute, z } from '@hono/zod-openapi';
import { langOf } from '../../http/middleware/language.js';
import { authed, errorResponses, jsonBody, jsonContent } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { FUNNEL_DIMENSIONS, kpiFunnel } from '../../services/kpi/funnel.js';
import { kpiPlan, setTargets } from '../../services/kpi/plan.js';
import { registerRecordConversions } from '../conversions/record.js';

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');
const Interval = z.object({ lower: z.number(), upper: z.number() }).nullable();
const Step = z.object({ rate: z.number().nullable(), ci: Interval });

const funnelRoute = createRoute(
  authed('analyst', {
    method: 'get',
    path: '/v1/kpi/funnel',
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

const Targets = z
  .object({
    wonTarget: z.number().int().min(0).max(1_000_000).nullable(),
    openRateTarget: z.number().gt(0).lt(1).nullable().default(null),
    defaultMeetingRate: z.number().gt(0).max(1).nullable().default(null),
    defaultWinRate: z.number().gt(0).max(1).nullable().default(null),
  })
  .strict()
  .openapi('KpiTargets');

const targetsRoute = createRoute(
  authed('analyst', {
    method: 'put',
    path: '/v1/kpi/targets/{month}',
    tags: ['KPI'],
    summary: 'Set a month’s targets: deals won, open rate, and default meeting and win rates',
    request: { params: z.object({ month: Month }), body: jsonBody(Targets) },
    responses: { 200: jsonContent(Targets, 'The targets'), ...errorResponses(400, 413, 415) },
  }),
);

const RateUsed = z.object({
  rate: z.number(),
  basis: z.enum(['history', 'default', 'fallback']),
  history: z.object({ successes: z.number(), trials: z.number(), months: z.number() }),
  reason: z.string(),
});
const planRoute = createRoute(
  authed('analyst', {
    method: 'get',
    path: '/v1/kpi/plan',
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

export function registerKpiRoutes(app: App) {
  registerRecordConversions(app);
  app.openapi(funnelRoute, async (c) => {
    const rows = await kpiFunnel(c.get('deps'), c.get('auth').workspaceId, c.req.valid('query'));
    return c.json({ rows }, 200);
  });
  app.openapi(targetsRoute, async (c) => {
    const targets = await setTargets(
      c.get('deps'),
      c.get('auth').workspaceId,
      c.req.valid('param').month,
      c.req.valid('json'),
    );
    return c.json(targets, 200);
  });
  app.openapi(planRoute, async (c) => {
    const plan = await kpiPlan(
      c.get('deps'),
      c.get('auth').workspaceId,
      c.req.valid('query').month,
      langOf(c),
    );
    return c.json(plan, 200);
  });
}
