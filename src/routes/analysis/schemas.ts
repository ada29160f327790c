import { z } from '@hono/zod-openapi';
import { line } from '../../lib/text.js';

// The posterior quadrature is verified to 1e-9 up to here; beyond it the incomplete beta would need more steps.
const MAX_SENDS = 100_000_000;

const VariantCounts = z
  .object({
    label: line().trim().min(1).max(100),
    sends: z
      .number()
      .int()
      .min(0)
      .max(MAX_SENDS)
      .openapi({ description: 'Trials: delivered messages when known (at most 100,000,000)' }),
    opens: z
      .number()
      .int()
      .min(0)
      .openapi({ description: 'Successes by the chosen metric: opened, or clicked' }),
  })
  .strict()
  .refine((v) => v.opens <= v.sends, { message: 'opens cannot exceed sends', path: ['opens'] });

export const CompareRequest = z
  .object({
    variants: z
      .array(VariantCounts)
      .min(2)
      .max(20)
      .openapi({ description: 'The first variant is the control' }),
    alpha: z.number().gt(0).max(0.5).default(0.05).openapi({ description: 'For the intervals: 1 − alpha' }),
    expectedSplit: z
      .array(z.number().positive().finite())
      .optional()
      .openapi({ description: 'The intended share of sends, one weight per variant; enables the SRM check' }),
    minPerVariant: z.number().int().min(1).default(100),
    winThreshold: z.number().min(0.5).max(0.9999).default(0.95),
  })
  .strict()
  .refine((r) => new Set(r.variants.map((v) => v.label)).size === r.variants.length, {
    message: 'labels must be unique',
    path: ['variants'],
  })
  .refine((r) => r.expectedSplit === undefined || r.expectedSplit.length === r.variants.length, {
    message: 'expectedSplit needs one weight per variant',
    path: ['expectedSplit'],
  })
  .openapi('CompareRequest');

const maybe = (description: string, example?: number) =>
  z
    .number()
    .nullable()
    .openapi(example === undefined ? { description } : { description, example });

const VariantComparison = z
  .object({
    label: z.string().openapi({ description: 'The variant’s label, as given', example: 'B' }),
    sends: z.number().int().openapi({ description: 'Trials, as given', example: 1200 }),
    opens: z.number().int().openapi({ description: 'Successes, as given', example: 277 }),
    rate: maybe('opens / sends, a fraction 0–1; null without sends', 0.231),
    ci: z
      .object({
        lower: z.number().openapi({ description: 'Lower bound of the rate, 0–1', example: 0.208 }),
        upper: z.number().openapi({ description: 'Upper bound of the rate, 0–1', example: 0.255 }),
      })
      .nullable()
      .openapi({
        description: 'Wilson interval of the rate at 1 − alpha; null without sends',
        example: { lower: 0.208, upper: 0.255 },
      }),
    probabilityToBeBest: z.number().openapi({
      description:
        'P(this variant has the highest rate), under independent Beta(1 + opens, 1 + sends − opens) posteriors; ' +
        'the winner must reach winThreshold',
      example: 0.962,
    }),
    expectedLoss: z.number().openapi({
      description:
        'E[max rate − this rate] under the posteriors: the rate given up, on average, by choosing this variant',
      example: 0.0004,
    }),
    vsControl: z
      .object({
        z: maybe('Pooled two-proportion z against the control; positive when this variant is higher', 2.1),
        pValue: maybe('Two-sided p-value of the z-test against the control', 0.036),
        adjustedPValue: maybe(
          'pValue, Benjamini–Hochberg adjusted over the comparisons with the control; compare it with alpha',
          0.071,
        ),
      })
      .optional()
      .openapi({ description: 'On every variant but the control; null figures are undefined (see notes)' }),
  })
  .openapi('VariantComparison', { description: 'One variant’s rate, interval, and chance to be best' });

export const CompareResponse = z
  .object({
    variants: z
      .array(VariantComparison)
      .openapi({ description: 'In the order given; the first is the control and has no vsControl' }),
    chiSquare: z
      .object({
        statistic: maybe('Pearson, no continuity correction, over variants with sends', 4.87),
        dof: z
          .number()
          .int()
          .nullable()
          .openapi({ description: 'Degrees of freedom: variants with sends − 1', example: 2 }),
        pValue: maybe('Upper tail: small when the rates differ somewhere', 0.088),
      })
      .openapi({
        description:
          'Omnibus test that every variant with sends has the same rate; figures null when undefined (fewer ' +
          'than two variants with sends, or no opens or no non-opens at all)',
      }),
    srm: z
      .object({
        statistic: z.number().nullable().openapi({
          description: 'Chi-square goodness of fit of the sends to expectedSplit; null when nothing was sent',
          example: 0.64,
        }),
        pValue: z
          .number()
          .nullable()
          .openapi({ description: 'Upper tail; null when nothing was sent', example: 0.424 }),
        mismatch: z.boolean().openapi({
          description: 'p < 0.001: the split is broken (fix the assignment before trusting the comparison)',
        }),
      })
      .optional()
      .openapi({ description: 'Sample-ratio-mismatch check; only with expectedSplit' }),
    sufficient: z
      .boolean()
      .openapi({ description: 'Every variant has minPerVariant sends and the split shows no mismatch' }),
    winner: z.string().nullable().openapi({
      description: 'The label whose probability to be best reaches winThreshold, when sufficient; else null',
      example: 'B',
    }),
    notes: z
      .array(z.string())
      .openapi({ description: 'Why, in words (Japanese or English by Accept-Language)' }),
  })
  .openapi('Comparison');

export const SampleSizeRequest = z
  .object({
    baselineRate: z.number().gt(0).lt(1),
    targetRate: z.number().gt(0).lt(1),
    alpha: z.number().gt(0).max(0.5).default(0.05),
    power: z.number().gt(0).lt(1).default(0.8),
    variants: z.number().int().min(2).max(20).default(2),
    listSize: z.number().int().min(1).optional(),
  })
  .strict()
  .refine((r) => r.targetRate !== r.baselineRate, {
    message: 'targetRate must differ from baselineRate',
    path: ['targetRate'],
  })
  .refine((r) => r.power > r.alpha, { message: 'power must exceed alpha', path: ['power'] })
  .openapi('SampleSizeRequest');

export const SampleSizeResponse = z
  .object({
    perVariant: z
      .number()
      .int()
      .openapi({
        description:
          "Sends needed per variant: Cohen's h, two-sided at alphaPerComparison and the power asked, both " +
          'rejection tails counted; rounded up',
        example: 2941,
      }),
    perVariantPooled: z.number().int().openapi({
      description: 'The same by the pooled-normal (Fleiss, no continuity correction) formula, for comparison',
      example: 2943,
    }),
    total: z.number().int().openapi({ description: 'perVariant × variants', example: 5882 }),
    feasible: z.boolean().optional().openapi({ description: 'total ≤ listSize; only with listSize' }),
    alphaPerComparison: z.number().openapi({
      description: 'alpha / (variants − 1) with more than two variants (Bonferroni), else alpha',
      example: 0.05,
    }),
    notes: z.array(z.string()).openapi({
      description:
        'The method, the alpha split and whether the list is big enough, in words (Japanese or English by ' +
        'Accept-Language)',
    }),
  })
  .openapi('SampleSizePlan');

/** Recommendations and send times: a local weekday × hour slot, an effect, and the sample that would settle it. */
const interval = (what: string, lower: number, upper: number) =>
  z
    .object({
      lower: z.number().openapi({ description: `Lower bound of the ${what}`, example: lower }),
      upper: z.number().openapi({ description: `Upper bound of the ${what}`, example: upper }),
    })
    .nullable()
    .openapi({ example: { lower, upper } });
/** A rate's 95% Wilson interval; a use-site `.openapi({ description })` may say more. */
export const Interval = interval('rate, 0–1', 0.19, 0.27).openapi({
  description: 'Wilson 95% interval of the rate; null without trials',
});
/** A difference of two rates with Newcombe's 95% interval (built from the two Wilson intervals). */
export const DifferenceInterval = interval('difference, −1 to 1', -0.012, 0.054).openapi({
  description: 'Newcombe 95% interval of the difference; null when either side has no trials',
});
export const Slot = z.object({
  weekday: z
    .number()
    .int()
    .openapi({ description: '0 = Sunday, the recipient’s local weekday at the actual send', example: 2 }),
  hour: z
    .number()
    .int()
    .openapi({ description: 'The recipient’s local hour at the actual send, 0–23 (not UTC)', example: 9 }),
  trials: z.number().int().openapi({
    description: 'Messages sent in this slot: delivered ones when denominator is `delivered`, else sends',
    example: 1840,
  }),
  humanOpens: z.number().int().openapi({
    description: 'Of those, messages opened by a person (machine opens such as Apple MPP left out)',
    example: 452,
  }),
  basis: z.enum(['opens', 'none']).openapi({
    description:
      '`opens`: estimated from human opens. `none`: no one opened mail to this list yet, so the estimates are ' +
      'null; the slots are then the most-sent, not the best',
    example: 'opens',
  }),
  rate: z.number().nullable().openapi({
    description: 'humanOpens / trials, a fraction 0–1; null when basis is `none`',
    example: 0.246,
  }),
  shrunkRate: z
    .number()
    .nullable()
    .openapi({
      description:
        'The rate pulled toward typicalRate by empirical-Bayes (beta-binomial) shrinkage, so thin slots do not ' +
        'outrank thick ones; what the slots are ranked by. Null when basis is `none`',
      example: 0.241,
    }),
  ci: Interval.openapi({ description: 'Wilson 95% interval of the rate; null when basis is `none`' }),
  probabilityBeatsTypical: z
    .number()
    .nullable()
    .openapi({
      description:
        'P(this slot’s human-open rate > typicalRate) under its Beta(1 + humanOpens, 1 + trials − humanOpens) ' +
        'posterior: near 1, this slot reliably does better than the list’s usual; near 0.5, no evidence either ' +
        'way. Null when basis is `none`',
      example: 0.93,
    }),
  adjustedPValue: z
    .number()
    .nullable()
    .openapi({
      description:
        'One-sided z-test of this slot against all other slots pooled (small when it opens better), ' +
        'Benjamini–Hochberg adjusted over every slot; null when basis is `none` or the test is undefined',
      example: 0.012,
    }),
  significant: z.boolean().openapi({
    description:
      'adjustedPValue < 0.05: this slot opens better than the rest at a 5% false-discovery rate; safe to act on',
  }),
});
export const Effect = z.object({
  name: z.string().openapi({
    description:
      'A subject feature (question, number, brackets, personalized, emoji, urgency) or a lead source ' +
      '(inbound, outbound, unknown)',
    example: 'question',
  }),
  effect: z
    .number()
    .nullable()
    .openapi({
      description:
        'Human-open rate with the feature minus without it (or of this lead source minus all others), a ' +
        'difference of fractions; positive helps. Null when either side has no trials',
      example: 0.021,
    }),
  ci: DifferenceInterval,
  trials: z
    .object({
      with: z.number().int().openapi({
        description: 'Messages with the feature (or from this lead source), delivered or sent by denominator',
        example: 5200,
      }),
      without: z.number().int().openapi({
        description: 'Messages without it (or from the other lead sources)',
        example: 14800,
      }),
    })
    .openapi({ description: 'The trials behind each side of the difference' }),
  adjustedPValue: z
    .number()
    .nullable()
    .openapi({
      description:
        'Two-sided pooled z-test of with against without, Benjamini–Hochberg adjusted over the list this ' +
        'effect is in; null when the test is undefined',
      example: 0.018,
    }),
  significant: z.boolean().openapi({
    description: 'adjustedPValue < 0.05 and the interval leaves out 0: a difference safe to act on',
  }),
});
export const SampleNeeded = z
  .object({
    perSlot: z
      .number()
      .int()
      .openapi({
        description:
          "Sends per slot still needed to see `lift` over typicalRate: Cohen's h, two-sided, power 0.8, alpha " +
          '0.05 split over the slots with sends (Bonferroni)',
        example: 7187,
      }),
    lift: z.number().openapi({
      description:
        'The lift planned for, in rate (absolute, 0–1): the best slot’s shrunk rate minus typicalRate, at ' +
        'least 0.03',
      example: 0.03,
    }),
  })
  .nullable()
  .openapi({
    description:
      'Only when status is `not_enough_data`: the sample that would settle it. Null when established, or ' +
      'with no sends',
  });

/** A contact's best local hour: what a marketing-automation tool reads, and nothing personal. */
export const ContactSendTime = z
  .object({
    contactId: z.uuid().openapi({ description: 'The contact' }),
    timezone: z.string().openapi({
      description: 'The IANA zone hour and next.local are in: the contact’s, else the workspace’s default',
      example: 'Asia/Tokyo',
    }),
    hour: z
      .number()
      .int()
      .openapi({ description: 'Best local hour, 0–23, in timezone (not UTC)', example: 9 }),
    basis: z.enum(['contact', 'list', 'default']).openapi({
      description:
        '`contact`: the contact’s own human opens (3 or more) weighed with the list’s hour pattern. `list`: ' +
        'fewer than 3 of their own, so the list’s (else the workspace’s) best hour by shrunk human-open rate. ' +
        '`default`: no history for the contact or the list, so 10:00 local',
      example: 'contact',
    }),
    ownOpens: z.number().int().openapi({
      description: 'The contact’s human-opened messages the choice saw, across every list',
      example: 7,
    }),
    reason: z.string().openapi({
      description: 'Why this hour, in a sentence (English)',
      example: "7 human opens of the contact's own, weighed with the list's pattern",
    }),
    next: z
      .object({
        local: z.string().openapi({
          description: 'Wall time in timezone, YYYY-MM-DDTHH:MM, no offset',
          example: '2026-12-01T09:00',
        }),
        utc: z.string().openapi({
          description: 'The same instant in UTC, ISO 8601',
          example: '2026-12-01T00:00:00.000Z',
        }),
      })
      .openapi({ description: 'The next time that hour comes round, from now' }),
  })
  .openapi('ContactSendTime');

/** What a list's slot figures are over and compared with, in /v1/recommendations and /v1/send-times alike. */
export const Baseline = {
  denominator: z.enum(['delivered', 'sends']).openapi({
    description:
      'What every rate and trial count is over: delivered messages once SendGrid reports deliveries, else sends',
    example: 'delivered',
  }),
  typicalRate: z.number().nullable().openapi({
    description:
      'The list’s overall human-open rate (human opens / trials over every slot), a fraction 0–1; null without sends',
    example: 0.231,
  }),
};
