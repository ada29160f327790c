import { z } from '@hono/zod-openapi';

/** Shapes the KPI endpoints share. */
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');

/** A rate the plan falls back on when history is thin: a fraction in (0, 1], or null for the built-in 10%. */
const fallbackRate = (description: string, example: number) =>
  z.number().gt(0).max(1).nullable().default(null).openapi({ description, example });

export const Targets = z
  .object({
    wonTarget: z
      .number()
      .int()
      .min(0)
      .max(1_000_000)
      .nullable()
      .openapi({
        description:
          'Deals to win in the month, the whole workspace; split between inbound and outbound by the last three ' +
          'months’ wins. Null for none',
        example: 12,
      }),
    openRateTarget: z.number().gt(0).lt(1).nullable().default(null).openapi({
      description: 'The human-open rate to reach, a fraction 0–1 (over delivered, else sends); null for none',
      example: 0.25,
    }),
    defaultMeetingRate: fallbackRate(
      'Meetings per engaged lead (a contact with a human open) assumed before history, weighed with the last ' +
        'three months’ as the prior of the beta-binomial (worth the workspace’s kpiPriorStrength); null for 10%',
      0.08,
    ),
    defaultWinRate: fallbackRate(
      'Won deals per meeting assumed before history, weighed with the last three months’ likewise; null for 10%',
      0.2,
    ),
  })
  .strict()
  .openapi('KpiTargets', {
    description: 'A month’s targets, set whole: a rate left out is cleared',
  });
