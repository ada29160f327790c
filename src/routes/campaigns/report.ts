import { createRoute, z } from '@hono/zod-openapi';
import { toCsv, wantsCsv } from '../../http/csv.js';
import { langOf } from '../../http/middleware/language.js';
import { authed, errorResponses } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { campaignReport } from '../../services/analysis/campaign-report.js';
import { CampaignParams, TestDecision } from './schemas.js';

const Rate = z.object({
  rate: z.number().nullable().openapi({
    description:
      'The count (capped at the denominator) / the report’s denominator, a fraction 0–1; null when that is 0',
    example: 0.231,
  }),
  ci: z
    .object({
      lower: z.number().openapi({ description: 'Lower bound of the rate, 0–1', example: 0.207 }),
      upper: z.number().openapi({ description: 'Upper bound of the rate, 0–1', example: 0.255 }),
    })
    .nullable()
    .openapi({
      description: '95% Wilson interval of the rate; null when the denominator is 0',
      example: { lower: 0.207, upper: 0.255 },
    }),
});
const VariantReport = z.object({
  label: z
    .string()
    .openapi({ description: 'A for the first variant (the control), then B, C, …', example: 'B' }),
  variantId: z.uuid().openapi({ description: 'The variant’s id' }),
  subject: z.string().openapi({ description: 'Its subject line, as written' }),
  sends: z
    .number()
    .int()
    .openapi({
      description:
        'Messages sent (outbox mail and those marked sent included); after an A/B test the winner’s include the ' +
        'held recipients sent it',
      example: 1200,
    }),
  delivered: z.number().int().openapi({
    description: 'Messages SendGrid reported delivered; 0 without its Event Webhook',
    example: 1180,
  }),
  opens: z
    .number()
    .int()
    .openapi({ description: 'Messages opened by anyone or anything (people and machines)', example: 540 }),
  humanOpens: z.number().int().openapi({
    description: 'Messages a person opened or clicked (machine opens such as Apple MPP left out)',
    example: 272,
  }),
  machineOpens: z.number().int().openapi({
    description:
      'Messages opened only by machines (Apple Mail Privacy Protection, proxies), never by a person',
    example: 268,
  }),
  clicks: z.number().int().openapi({ description: 'Messages clicked by anyone or anything', example: 61 }),
  humanClicks: z.number().int().openapi({ description: 'Messages a person clicked', example: 49 }),
  botClicks: z.number().int().openapi({
    description: 'Messages clicked only by bots (link scanners), never by a person',
    example: 12,
  }),
  rates: z
    .object({
      opens: Rate.openapi({
        description: 'opens / denominator: opened by anyone or anything, inflated by machine opens',
        example: { rate: 0.458, ci: { lower: 0.429, upper: 0.486 } },
      }),
      humanOpens: Rate.openapi({
        description: 'humanOpens / denominator: the open rate the comparison is on',
        example: { rate: 0.231, ci: { lower: 0.207, upper: 0.255 } },
      }),
      machineOpens: Rate.openapi({
        description: 'machineOpens / denominator: opened only by machines',
        example: { rate: 0.227, ci: { lower: 0.204, upper: 0.252 } },
      }),
      clicks: Rate.openapi({
        description: 'clicks / denominator: clicked by anyone or anything',
        example: { rate: 0.052, ci: { lower: 0.041, upper: 0.066 } },
      }),
      humanClicks: Rate.openapi({
        description: 'humanClicks / denominator: clicked by a person',
        example: { rate: 0.042, ci: { lower: 0.032, upper: 0.055 } },
      }),
      botClicks: Rate.openapi({
        description: 'botClicks / denominator: clicked only by bots',
        example: { rate: 0.01, ci: { lower: 0.006, upper: 0.018 } },
      }),
    })
    .openapi({ description: 'Each count over `denominator` (delivered, else sends), with its interval' }),
  probabilityToBeBest: z.number().openapi({
    description:
      'P(this variant has the highest human-open rate), under independent Beta(1 + humanOpens, 1 + trials − ' +
      'humanOpens) posteriors; 0–1, summing to 1 over the variants',
    example: 0.823,
  }),
  expectedLoss: z.number().openapi({
    description:
      'E[best human-open rate − this one] under the posteriors: the rate (0–1) given up, on average, by choosing it',
    example: 0.0016,
  }),
  vsControl: z
    .object({
      z: z
        .number()
        .nullable()
        .openapi({
          description:
            'Pooled two-proportion z of the human-open rate against the control’s; positive when this variant is ' +
            'higher; null when undefined (see notes)',
          example: 1.76,
        }),
      pValue: z.number().nullable().openapi({
        description: 'Two-sided p-value of that z-test; null when undefined',
        example: 0.078,
      }),
      adjustedPValue: z.number().nullable().openapi({
        description:
          'pValue, Benjamini–Hochberg adjusted over the comparisons with the control; compare it with 0.05',
        example: 0.157,
      }),
    })
    .optional()
    .openapi({ description: 'On every variant but the control (A): the test against it' }),
});
const CampaignReport = z
  .object({
    campaignId: z.uuid().openapi({ description: 'The campaign’s id' }),
    name: z.string().openapi({ description: 'The campaign’s name' }),
    status: z.string().openapi({
      description: 'The campaign’s status: draft, scheduled, sending, sent or cancelled',
      example: 'sent',
    }),
    denominator: z.enum(['delivered', 'sends']).openapi({
      description:
        'What every rate and the comparison divide by: delivered once SendGrid has reported a delivery for any ' +
        'variant, else sends; never a mix',
      example: 'delivered',
    }),
    metric: z.literal('human_open').openapi({
      description:
        'What the comparison (P(best), expected loss, tests, leader) is on: human opens, whatever the A/B test’s ' +
        'own metric (see decision)',
    }),
    variants: z
      .array(VariantReport)
      .openapi({ description: 'One per variant, by position; the first (A) is the control' }),
    chiSquare: z
      .object({
        statistic: z.number().nullable().openapi({
          description:
            'Pearson chi-square of human opens, no continuity correction, over variants with trials',
          example: 3.13,
        }),
        dof: z
          .number()
          .nullable()
          .openapi({ description: 'Degrees of freedom: variants with trials − 1', example: 2 }),
        pValue: z.number().nullable().openapi({
          description: 'Upper tail: small when the human-open rates differ somewhere',
          example: 0.209,
        }),
      })
      .openapi({
        description:
          'Omnibus test that every variant has the same human-open rate; figures null when undefined (fewer than ' +
          'two variants with trials, or no human opens or nothing but)',
      }),
    srm: z
      .object({
        statistic: z
          .number()
          .nullable()
          .openapi({
            description:
              'Chi-square goodness of fit of the variants’ trials (delivered, else sends) to an even split; null ' +
              'when nothing was sent',
            example: 0.042,
          }),
        pValue: z
          .number()
          .nullable()
          .openapi({ description: 'Upper tail; null when nothing was sent', example: 0.979 }),
        mismatch: z.boolean().openapi({
          description: 'p < 0.001: the split is broken, so the comparison is not to be trusted',
        }),
      })
      .nullable()
      .openapi({
        description:
          'Sample-ratio-mismatch check against an even split; null with a single variant. For a decided A/B ' +
          'test, the check its decision took on the test sends (the remainder all goes to the winner)',
      }),
    sufficient: z.boolean().openapi({
      description:
        'Every variant has at least the A/B test’s minPerVariant trials (100 without a test; delivered, else ' +
        'sends) and the split shows no mismatch',
    }),
    leader: z
      .string()
      .nullable()
      .openapi({
        description:
          'The label whose probability to be best reaches 0.95, when sufficient; else null. A suggestion, not the ' +
          'A/B test’s decision',
        example: 'B',
      }),
    decision: z.union([TestDecision, z.null()]).openapi({
      description: 'The A/B test’s decision (winner, reason, evidence), once taken; null before',
    }),
    timeToOpen: z
      .object({
        recipients: z
          .number()
          .int()
          .openapi({ description: 'Recipients a person opened mail for', example: 272 }),
        minutes: z
          .object({
            p25: z.number().openapi({ description: 'A quarter had opened by then', example: 12.5 }),
            median: z.number().openapi({ description: 'Half had opened by then', example: 41 }),
            p75: z.number().openapi({ description: 'Three quarters had opened by then', example: 186.2 }),
            p90: z.number().openapi({ description: 'Nine in ten had opened by then', example: 1320.4 }),
          })
          .openapi({
            description:
              'Minutes from send to the first human open (to a tenth), by linear interpolation between order ' +
              'statistics (numpy’s default percentile)',
          }),
      })
      .nullable()
      .openapi({
        description:
          'How soon people opened, over the recipients who did (machine opens left out); null before any',
      }),
    notes: z.array(z.string()).openapi({
      description:
        'Why figures are missing and what the comparison says, in words (Japanese or English by Accept-Language)',
    }),
  })
  .openapi('CampaignReport', {
    description:
      'A campaign’s counts per variant, its rates with intervals, and the comparison on human opens',
  });

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
