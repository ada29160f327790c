import { createRoute, z } from '@hono/zod-openapi';
import { langOf } from '../../http/middleware/language.js';
import { authed, errorResponses, jsonContent } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { kpiPlan } from '../../services/kpi/plan.js';
import { Month, Targets } from './schemas.js';

const fraction = (description: string, example?: number) => z.number().openapi({ description, example });

const RateUsed = z.object({
  rate: fraction(
    'The rate planned with, 0–1: history weighed with the prior (the beta-binomial posterior mean)',
    0.225,
  ),
  interval: z
    .object({ low: fraction('2.5% quantile'), high: fraction('97.5% quantile') })
    .openapi({ description: 'The rate’s central 95% credible interval' }),
  prior: z
    .object({
      rate: fraction('The rate assumed before history', 0.1),
      basis: z.enum(['default', 'assumed']).openapi({
        description: '`default`: the month’s default rate (PUT /v1/kpi/targets/{month}); `assumed`: 10%',
        example: 'assumed',
      }),
      strength: z.number().int().openapi({
        description: 'Trials the prior is worth against history: the workspace’s kpiPriorStrength',
        example: 20,
      }),
    })
    .openapi({ description: 'What is assumed before history' }),
  history: z
    .object({
      successes: z.number().openapi({
        description: 'Won deals (winRate) or meetings (meetingRate), as distinct contacts',
        example: 7,
      }),
      trials: z.number().openapi({
        description: 'Meetings (winRate) or engaged leads, contacts with a human open (meetingRate)',
        example: 20,
      }),
      months: z
        .number()
        .openapi({ description: 'Full months looked back over, before this one', example: 3 }),
    })
    .openapi({ description: 'What the history holds' }),
  historyWeight: fraction('trials ÷ (trials + prior.strength): how much of the rate is history’s', 0.5),
  reason: z
    .string()
    .openapi({ description: 'The same in a sentence, Japanese or English by Accept-Language' }),
});

const Planned = (what: string) =>
  z
    .object({
      value: z
        .number()
        .int()
        .openapi({ description: `${what} at the planned rates` }),
      low: z
        .number()
        .int()
        .openapi({ description: `${what} if the rates are at their best (2.5%)` }),
      high: z
        .number()
        .int()
        .openapi({ description: `${what} if the rates are at their worst (97.5%)` }),
    })
    .openapi({ description: `${what}: the 95% range the rates’ uncertainty gives` });

const Reach = z
  .object({
    probability: z
      .number()
      .nullable()
      .openapi({
        description:
          'The chance of reaching the won target by the month’s end at the pace so far: the daily win rate is ' +
          'Gamma-distributed, learned from this month’s business days and history’s rate worth 5 business ' +
          'days, so the wins to come are negative binomial. Null without a target',
        example: 0.62,
      }),
    needed: z.number().int().openapi({ description: 'Wins still needed', example: 4 }),
    businessDaysLeft: z.number().int().openapi({ description: 'Business days after today', example: 9 }),
  })
  .openapi({ description: 'Whether the target will be reached at the pace so far' });

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
            month: z.string().openapi({ description: 'The month planned, YYYY-MM', example: '2026-12' }),
            timezone: z.string().openapi({
              description:
                'The workspace’s zone (UTC when unset), in which business days, today and conversion dates ' +
                'are reckoned',
              example: 'Asia/Tokyo',
            }),
            // A union, not .nullable(): the generator writes a nullable $ref as allOf [$ref, object|null], which
            // forbids the null and hides the description; this is the same type, written anyOf [$ref, null].
            targets: z
              .union([Targets, z.null()])
              .openapi({ description: 'The month’s targets as set; null when none were set' }),
            pace: z
              .object({
                businessDays: z.number().int().openapi({
                  description: 'Monday to Friday days in the month (holidays not known)',
                  example: 22,
                }),
                elapsed: z.number().int().openapi({
                  description: 'Business days up to and including today (all once the month is over)',
                  example: 10,
                }),
                share: z.number().openapi({
                  description: 'elapsed / businessDays, 0–1: the share of the target due by now',
                  example: 0.455,
                }),
              })
              .openapi({ description: 'How far through the month’s business days today is' }),
            split: z
              .object({
                basis: z.enum(['history', 'even']).openapi({
                  description:
                    '`history`: by the last three months’ won deals of each source; `even`: half each, without any',
                  example: 'history',
                }),
                wonInHistory: z
                  .object({
                    inbound: z.number().int().openapi({ description: 'Inbound won deals', example: 5 }),
                    outbound: z.number().int().openapi({ description: 'Outbound won deals', example: 2 }),
                  })
                  .openapi({
                    description: 'Won deals (distinct contacts) of the last three months, by source',
                  }),
                reason: z.string().openapi({ description: 'The split in words' }),
              })
              .openapi({ description: 'How the won target is split between inbound and outbound' }),
            sources: z
              .array(
                z.object({
                  leadSource: z.enum(['inbound', 'outbound']).openapi({ description: 'The lead source' }),
                  wonTarget: z.number().openapi({
                    description:
                      'This source’s share of the won target, by its share of the last three months’ wins ' +
                      '(half each without any); rounded to 2 decimals',
                    example: 7.2,
                  }),
                  winRate: RateUsed.openapi({ description: 'Won deals per meeting, planned with' }),
                  meetingRate: RateUsed.openapi({
                    description: 'Meetings per engaged lead (a contact with a human open), planned with',
                  }),
                  meetingsNeeded: z.number().int().openapi({
                    description: 'wonTarget ÷ winRate.rate, rounded up',
                    example: 29,
                  }),
                  engagedLeadsNeeded: z.number().int().openapi({
                    description:
                      'meetingsNeeded ÷ meetingRate.rate, rounded up: contacts who must open by a person',
                    example: 363,
                  }),
                  range: z
                    .object({
                      meetingsNeeded: Planned('Meetings needed'),
                      engagedLeadsNeeded: Planned('Engaged leads needed'),
                    })
                    .openapi({ description: 'The plan as a range, from the rates’ intervals' }),
                  reach: Reach,
                  actual: z
                    .object({
                      won: z
                        .number()
                        .int()
                        .openapi({ description: 'Contacts with a won deal this month', example: 3 }),
                      meetings: z
                        .number()
                        .int()
                        .openapi({ description: 'Contacts with a meeting this month', example: 14 }),
                      engagedLeads: z
                        .number()
                        .int()
                        .openapi({ description: 'Contacts with a human open this month', example: 160 }),
                    })
                    .openapi({ description: 'The month so far, in distinct contacts' }),
                  pace: z
                    .object({
                      expectedWon: z.number().openapi({
                        description: 'wonTarget × pace.share: the wins due by today',
                        example: 3.28,
                      }),
                      status: z
                        .enum(['on_track', 'behind'])
                        .openapi({ description: '`on_track` when actual.won ≥ expectedWon' }),
                      gap: z.number().openapi({
                        description: 'actual.won − expectedWon; negative when behind',
                        example: -0.28,
                      }),
                    })
                    .openapi({ description: 'Wins against the share of the target due by today' }),
                }),
              )
              .openapi({
                description: 'Inbound and outbound planned apart; contacts with no lead source are left out',
              }),
            total: z
              .object({
                wonTarget: z
                  .number()
                  .openapi({ description: 'The month’s won target; 0 when none is set', example: 12 }),
                meetingsNeeded: z
                  .number()
                  .int()
                  .openapi({ description: 'Sum over the sources', example: 48 }),
                engagedLeadsNeeded: z
                  .number()
                  .int()
                  .openapi({ description: 'Sum over the sources', example: 600 }),
                won: z.number().int().openapi({
                  description: 'Contacts with a won deal this month, those with no lead source too',
                  example: 5,
                }),
                meetings: z.number().int().openapi({
                  description: 'Contacts with a meeting this month, those with no lead source too',
                  example: 22,
                }),
                reach: Reach,
              })
              .openapi({ description: 'The whole workspace' }),
            openRate: z
              .object({
                actual: z
                  .number()
                  .nullable()
                  .openapi({
                    description:
                      'Human opens / delivered (sends where deliveries are not reported) of the month’s messages ' +
                      'so far, by the recipient’s local send date; null without any',
                    example: 0.231,
                  }),
                target: z
                  .number()
                  .nullable()
                  .openapi({ description: 'openRateTarget; null when none is set', example: 0.25 }),
                status: z.enum(['on_track', 'behind']).nullable().openapi({
                  description: '`on_track` when actual ≥ target; null without either',
                }),
              })
              .openapi({ description: 'The month’s human-open rate against its target' }),
            notes: z.array(z.string()).openapi({
              description:
                'What is missing (a won target, won history), in words, Japanese or English by Accept-Language',
            }),
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
