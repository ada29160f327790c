import { createRoute, z } from '@hono/zod-openapi';
import { toCsv, wantsCsv } from '../../http/csv.js';
import { authed, errorResponses } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { DIMENSIONS, METRICS, openRates } from '../../services/analysis/open-rates.js';

const day = z.iso.date();

export const OpenRatesQuery = z
  .object({
    dimension: z.enum(DIMENSIONS),
    metric: z.enum(METRICS).default('human_open'),
    from: day.optional().openapi({ description: "First send date in the recipient's zone, YYYY-MM-DD" }),
    to: day.optional().openapi({ description: "Last send date in the recipient's zone, YYYY-MM-DD" }),
    listId: z.uuid().optional(),
    campaignId: z.uuid().optional(),
    leadSource: z.enum(['inbound', 'outbound', 'unknown']).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: 'from must not be after to',
    path: ['from'],
  });

const Interval = z.object({ lower: z.number(), upper: z.number() }).nullable();
const Cell = z.object({
  key: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).openapi({
    description:
      'weekday (0 = Sunday), hour (0–23, the recipient’s local time at the actual send), campaignId, …',
  }),
  sends: z.number().int(),
  delivered: z.number().int(),
  opens: z
    .number()
    .int()
    .openapi({ description: 'Messages opened by anyone or anything (a human click counts)' }),
  humanOpens: z.number().int(),
  machineOpens: z.number().int().openapi({ description: 'Messages opened only by machines' }),
  clicks: z.number().int(),
  humanClicks: z.number().int(),
  rate: z.number().nullable(),
  denominator: z.enum(['delivered', 'sends']),
  ci: Interval,
  shrunkRate: z.number().nullable(),
});
const OpenRatesResponse = z
  .object({
    dimension: z.enum(DIMENSIONS),
    metric: z.enum(METRICS),
    denominator: z.enum(['delivered', 'sends']),
    cells: z.array(Cell),
    features: z
      .array(z.object({ feature: z.string(), difference: z.number().nullable(), ci: Interval }))
      .optional()
      .openapi({
        description: 'dimension=subjectFeature: rate with the feature minus without, Newcombe interval',
      }),
  })
  .openapi('OpenRates');

export const route = createRoute(
  authed('analyst', {
    method: 'get',
    path: '/v1/analysis/open-rates',
    operationId: 'getOpenRates',
    tags: ['Analysis'],
    summary: 'Open (or click) rates by weekday, hour, variant, campaign, subject feature or lead source',
    description:
      'Counts messages, not hits, from rollups kept with every write. Weekday and hour are the recipient’s own at ' +
      'the actual send. `Accept: text/csv` returns the cells as CSV.',
    request: { query: OpenRatesQuery },
    responses: {
      200: {
        description: 'The cells',
        content: {
          'application/json': { schema: OpenRatesResponse },
          'text/csv': { schema: z.string() },
        },
      },
      ...errorResponses(400),
    },
  }),
);

export function registerOpenRates(app: App) {
  app.openapi(route, async (c) => {
    const result = await openRates({
      deps: c.get('deps'),
      workspaceId: c.get('auth').workspaceId,
      query: c.req.valid('query'),
    });
    if (wantsCsv(c.req.header('accept'))) {
      return c.body(toCsv(result.cells.map((cell) => ({ ...cell, metric: result.metric }))), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
      });
    }
    return c.json(result, 200);
  });
}
