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

const maybe = (description: string) => z.number().nullable().openapi({ description });

const VariantComparison = z
  .object({
    label: z.string(),
    sends: z.number().int(),
    opens: z.number().int(),
    rate: maybe('opens / sends; null without sends'),
    ci: z
      .object({ lower: z.number(), upper: z.number() })
      .nullable()
      .openapi({ description: 'Wilson interval at 1 − alpha; null without sends' }),
    probabilityToBeBest: z.number().openapi({ description: 'Under Beta(1, 1)-prior posteriors' }),
    expectedLoss: z.number().openapi({ description: 'E[max rate − this rate] under the posteriors' }),
    vsControl: z
      .object({
        z: maybe('Pooled two-proportion z; positive when this variant is higher'),
        pValue: maybe('Two-sided'),
        adjustedPValue: maybe('Benjamini–Hochberg over the comparisons with the control'),
      })
      .optional()
      .openapi({ description: 'On every variant but the control; null figures are undefined (see notes)' }),
  })
  .openapi('VariantComparison');

export const CompareResponse = z
  .object({
    variants: z.array(VariantComparison),
    chiSquare: z.object({
      statistic: maybe('Pearson, no continuity correction, over variants with sends'),
      dof: z.number().int().nullable(),
      pValue: maybe('Upper tail'),
    }),
    srm: z
      .object({
        statistic: z.number().nullable(),
        pValue: z.number().nullable(),
        mismatch: z.boolean().openapi({ description: 'p < 0.001' }),
      })
      .optional()
      .openapi({ description: 'Sample-ratio-mismatch check; only with expectedSplit' }),
    sufficient: z
      .boolean()
      .openapi({ description: 'Every variant has minPerVariant sends and the split shows no mismatch' }),
    winner: z.string().nullable().openapi({
      description: 'The label whose probability to be best reaches winThreshold, when sufficient',
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
      .openapi({ description: "Cohen's h, two-sided, both rejection tails counted" }),
    perVariantPooled: z.number().int().openapi({ description: 'The pooled-normal formula' }),
    total: z.number().int().openapi({ description: 'perVariant × variants' }),
    feasible: z.boolean().optional().openapi({ description: 'total ≤ listSize; only with listSize' }),
    alphaPerComparison: z
      .number()
      .openapi({ description: 'alpha / (variants − 1) with more than two variants' }),
    notes: z.array(z.string()),
  })
  .openapi('SampleSizePlan');

/** Recommendations and send times: a local weekday × hour slot, an effect, and the sample that would settle it. */
const Interval = z.object({ lower: z.number(), upper: z.number() }).nullable();
export const Slot = z.object({
  weekday: z.number().int().openapi({ description: '0 = Sunday, the recipient’s local weekday' }),
  hour: z.number().int(),
  trials: z.number().int(),
  humanOpens: z.number().int(),
  basis: z.enum(['opens', 'none']).openapi({
    description:
      '`opens`: estimated from human opens. `none`: no one opened mail to this list yet, so the estimates are null',
  }),
  rate: z.number().nullable(),
  shrunkRate: z.number().nullable(),
  ci: Interval,
  probabilityBeatsTypical: z.number().nullable(),
  adjustedPValue: z.number().nullable(),
  significant: z.boolean(),
});
export const Effect = z.object({
  name: z.string(),
  effect: z.number().nullable(),
  ci: Interval,
  trials: z.object({ with: z.number().int(), without: z.number().int() }),
  adjustedPValue: z.number().nullable(),
  significant: z.boolean(),
});
export const SampleNeeded = z.object({ perSlot: z.number().int(), lift: z.number() }).nullable();

/** A contact's best local hour: what a marketing-automation tool reads, and nothing personal. */
export const ContactSendTime = z
  .object({
    contactId: z.uuid(),
    timezone: z.string(),
    hour: z.number().int().openapi({ description: 'Best local hour, 0–23' }),
    basis: z.enum(['contact', 'list', 'default']),
    ownOpens: z.number().int().openapi({ description: 'Human opens of the contact’s own the choice saw' }),
    reason: z.string(),
    next: z.object({ local: z.string(), utc: z.string() }),
  })
  .openapi('ContactSendTime');
