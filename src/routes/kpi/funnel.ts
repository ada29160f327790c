import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, jsonContent } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { FUNNEL_DIMENSIONS, kpiFunnel } from '../../services/kpi/funnel.js';
import { Interval } from '../analysis/schemas.js';

const Step = z.object({
  rate: z.number().nullable().openapi({
    description:
      'The step’s ratio (named on the step), a fraction 0–1 capped at 1; null when its denominator is 0',
    example: 0.231,
  }),
  ci: Interval,
});
const step = (description: string) => Step.openapi({ description });
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
          rows: z
            .array(
              z.object({
                key: z.record(z.string(), z.string()).openapi({
                  description:
                    'The group: campaignId; campaignId and variantId; leadSource (`unknown` for none); or month ' +
                    '(YYYY-MM). Conversions credited to no campaign are under campaignId `unattributed`',
                  example: { leadSource: 'inbound' },
                }),
                delivered: z.number().int().openapi({
                  description: 'Messages delivered (sent, where SendGrid reported no deliveries)',
                  example: 12400,
                }),
                humanOpens: z
                  .number()
                  .int()
                  .openapi({ description: 'Messages opened by a person', example: 2860 }),
                humanClicks: z
                  .number()
                  .int()
                  .openapi({ description: 'Messages clicked by a person', example: 410 }),
                meetings: z
                  .number()
                  .int()
                  .openapi({ description: 'Contacts with a meeting recorded (distinct)', example: 38 }),
                won: z
                  .number()
                  .int()
                  .openapi({ description: 'Contacts with a won deal (distinct)', example: 9 }),
                wonAmount: z.number().openapi({
                  description:
                    'Every won deal’s amount summed (a contact with two deals counts both), in the CRM’s currency',
                  example: 10800000,
                }),
                rates: z
                  .object({
                    open: step('humanOpens / delivered'),
                    click: step('humanClicks / humanOpens (click-to-open)'),
                    meeting: step('meetings / humanOpens: contacts over messages'),
                    win: step('won / meetings'),
                  })
                  .openapi({ description: 'Each step’s rate, with its Wilson 95% interval' }),
              }),
            )
            .openapi({
              description:
                'One per group with messages or conversions; messages dated by the recipient’s local send date, ' +
                'conversions by the workspace’s zone',
            }),
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
