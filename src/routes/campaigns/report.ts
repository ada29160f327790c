import { createRoute, z } from '@hono/zod-openapi';
import { toCsv, wantsCsv } from '../../http/csv.js';
import { langOf } from '../../http/middleware/language.js';
import { authed, errorResponses } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { campaignReport } from '../../services/analysis/campaign-report.js';
import { CampaignParams } from './schemas.js';

const Rate = z.object({
  rate: z.number().nullable(),
  ci: z.object({ lower: z.number(), upper: z.number() }).nullable(),
});
const VariantReport = z.object({
  label: z.string(),
  variantId: z.uuid(),
  subject: z.string(),
  sends: z.number().int(),
  delivered: z.number().int(),
  opens: z.number().int(),
  humanOpens: z.number().int(),
  machineOpens: z.number().int(),
  clicks: z.number().int(),
  humanClicks: z.number().int(),
  botClicks: z.number().int(),
  rates: z.object({
    opens: Rate,
    humanOpens: Rate,
    machineOpens: Rate,
    clicks: Rate,
    humanClicks: Rate,
    botClicks: Rate,
  }),
  probabilityToBeBest: z.number(),
  expectedLoss: z.number(),
  vsControl: z
    .object({
      z: z.number().nullable(),
      pValue: z.number().nullable(),
      adjustedPValue: z.number().nullable(),
    })
    .optional(),
});
const CampaignReport = z
  .object({
    campaignId: z.uuid(),
    name: z.string(),
    status: z.string(),
    denominator: z.enum(['delivered', 'sends']),
    metric: z.literal('human_open'),
    variants: z.array(VariantReport),
    chiSquare: z.object({
      statistic: z.number().nullable(),
      dof: z.number().nullable(),
      pValue: z.number().nullable(),
    }),
    srm: z
      .object({ statistic: z.number().nullable(), pValue: z.number().nullable(), mismatch: z.boolean() })
      .nullable(),
    sufficient: z.boolean(),
    leader: z.string().nullable(),
    decision: z
      .record(z.string(), z.unknown())
      .nullable()
      .openapi({ description: 'The A/B test’s decision (winner, reason, evidence), once taken' }),
    notes: z.array(z.string()),
  })
  .openapi('CampaignReport');

export const route = createRoute(
  authed('analyst', {
    method: 'get',
    path: '/v1/campaigns/{id}/report',
    operationId: 'getCampaignReport',
    tags: ['Campaigns'],
    summary: 'A campaign’s report: counts, rates with intervals and the variant comparison',
    description:
      'Messages, not hits: opened (by anyone or anything), human-opened (a person opened or clicked), opened only ' +
      'by machines, clicked, human-clicked, clicked only by bots. Rates divide by delivered once SendGrid reports ' +
      'deliveries. The comparison is on human opens. `Accept: text/csv` returns one row per variant.',
    request: { params: CampaignParams },
    responses: {
      200: {
        description: 'The report',
        content: { 'application/json': { schema: CampaignReport }, 'text/csv': { schema: z.string() } },
      },
      ...errorResponses(400, 404),
    },
  }),
);

export function registerCampaignReport(app: App) {
  app.openapi(route, async (c) => {
    const report = await campaignReport({
      deps: c.get('deps'),
      workspaceId: c.get('auth').workspaceId,
      campaignId: c.req.valid('param').id,
      lang: langOf(c),
    });
    if (wantsCsv(c.req.header('accept'))) {
      return c.body(toCsv(report.variants.map(({ vsControl: _, ...v }) => v)), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
      });
    }
    return c.json(report, 200);
  });
}
