import { createRoute, z } from '@hono/zod-openapi';
import { toCsv, wantsCsv } from '../../http/csv.js';
import { authed, errorResponses } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { DIMENSIONS, METRICS, openRates } from '../../services/analysis/open-rates.js';
import { DifferenceInterval, Interval } from './schemas.js';

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

const Cell = z.object({
  key: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).openapi({
    description:
      'weekday (0 = Sunday), hour (0–23, the recipient’s local time at the actual send), campaignId, …',
  }),
  sends: z.number().int().openapi({ description: 'Messages sent', example: 2400 }),
  delivered: z.number().int().openapi({
    description: 'Messages SendGrid reported delivered; 0 without its Event Webhook',
    example: 2376,
  }),
  opens: z
    .number()
    .int()
    .openapi({ description: 'Messages opened by anyone or anything (a human click counts)', example: 1104 }),
  humanOpens: z.number().int().openapi({
    description: 'Messages opened by a person (a human open or click); machine opens left out',
    example: 549,
  }),
  machineOpens: z.number().int().openapi({
    description:
      'Messages opened only by machines (Apple Mail Privacy Protection, proxies fetching at delivery)',
    example: 555,
  }),
  clicks: z
    .number()
    .int()
    .openapi({ description: 'Messages clicked by anyone, scanners included', example: 96 }),
  humanClicks: z
    .number()
    .int()
    .openapi({ description: 'Messages clicked by a person; scanner and bot clicks left out', example: 71 }),
  rate: z.number().nullable().openapi({
    description: 'The metric’s messages / denominator, a fraction 0–1; null without trials',
    example: 0.231,
  }),
  denominator: z
    .enum(['delivered', 'sends'])
    .openapi({ description: 'The same as the top-level denominator', example: 'delivered' }),
  ci: Interval.openapi({ description: 'Wilson 95% interval of the rate; null without trials' }),
  shrunkRate: z
    .number()
    .nullable()
    .openapi({
      description:
        'The rate pulled toward the rate over all cells by empirical-Bayes (beta-binomial) shrinkage, so thin ' +
        'cells stop outranking thick ones; rank by this. Null without trials',
      example: 0.228,
    }),
});
const OpenRatesResponse = z
  .object({
    dimension: z.enum(DIMENSIONS).openapi({ description: 'The dimension asked for' }),
    metric: z.enum(METRICS).openapi({
      description:
        'What the rates count: human_open (messages opened by a person), all_opens (machine opens too), ' +
        'human_click, all_clicks (scanner clicks too)',
    }),
    denominator: z.enum(['delivered', 'sends']).openapi({
      description:
        'What every rate is over: delivered messages when any cell has delivery reports (SendGrid’s Event ' +
        'Webhook), else sends; never a mix',
      example: 'delivered',
    }),
    cells: z.array(Cell).openapi({
      description:
        'One per key with messages, in key order; for subjectFeature, each feature present and absent, then each ' +
        'length band (a message is in several cells)',
    }),
    features: z
      .array(
        z.object({
          feature: z.string().openapi({ description: 'The subject feature', example: 'question' }),
          difference: z
            .number()
            .nullable()
            .openapi({
              description:
                'Rate with the feature minus rate without it, a difference of fractions; null when either side ' +
                'has no trials',
              example: 0.021,
            }),
          ci: DifferenceInterval,
        }),
      )
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
