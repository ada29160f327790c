// zod as @hono/zod-openapi extends it: routes add .openapi() to these schemas, whatever loads first.
import { z } from '@hono/zod-openapi';
import { line, lines } from '../../lib/text.js';
import { parseWallTime } from '../../lib/time-zones.js';
import { extractLinks, linkProblem } from '../../mail/render.js';

const isoInstant = z.iso.datetime({ offset: true });

export const Schedule = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('at').openapi({ description: 'One instant for everyone' }),
      at: isoInstant.openapi({
        description: 'When, ISO 8601 with an offset (Z for UTC)',
        example: '2026-12-01T00:00:00Z',
      }),
    })
    .strict(),
  z
    .object({
      type: z
        .literal('local')
        .openapi({ description: 'The same wall-clock time in each contact’s own zone' }),
      date: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
        .openapi({ description: 'Local date, YYYY-MM-DD, in each contact’s zone', example: '2026-12-01' }),
      time: z
        .string()
        .regex(/^\d{2}:\d{2}$/, 'HH:MM (24-hour)')
        .openapi({
          description: 'Local wall-clock time, HH:MM (24-hour), in each contact’s zone',
          example: '09:00',
        }),
    })
    .strict()
    .refine((s) => parseWallTime(s.date, s.time) !== null, {
      message: 'not a real date and time',
      path: ['date'],
    }),
  z
    .object({
      type: z.literal('optimized').openapi({ description: 'Each contact at their own best local hour' }),
      from: isoInstant.openapi({
        description: 'Start of the range, ISO 8601 with an offset; a start already past counts from now',
        example: '2026-12-01T00:00:00Z',
      }),
      to: isoInstant.openapi({
        description: 'End of the range, ISO 8601 with an offset; after `from`',
        example: '2026-12-03T00:00:00Z',
      }),
    })
    .strict()
    .refine((s) => Date.parse(s.from) < Date.parse(s.to), {
      message: 'from must be before to',
      path: ['to'],
    }),
]);
export type Schedule = z.infer<typeof Schedule>;

export const TestSettings = z
  .object({
    share: z.number().gt(0).lt(1).openapi({
      description:
        'Fraction of recipients (0–1) dealt evenly to the variants; the rest is held for the winner',
      example: 0.2,
    }),
    waitHours: z.number().min(1).max(168).openapi({
      description: 'Hours after the last test send went out before the winner is decided',
      example: 4,
    }),
    metric: z.enum(['human_open', 'human_click']).default('human_open').openapi({
      description: 'What the winner is decided on: human opens or human clicks, over delivered once known',
    }),
    minPerVariant: z.number().int().min(1).default(100).openapi({
      description: 'Trials (delivered, else sent) every variant needs before a winner can be declared',
    }),
    winThreshold: z.number().min(0.5).max(0.9999).default(0.95).openapi({
      description: 'Probability to be best a variant must reach to win',
      example: 0.95,
    }),
    fallback: z
      .enum(['best', 'control'])
      .default('best')
      .openapi({
        description:
          'Without a clear winner (too few trials, a sample ratio mismatch, nobody at winThreshold): `best`, the ' +
          'highest posterior mean, or `control`',
      }),
  })
  .strict();
export type TestSettings = z.infer<typeof TestSettings>;

export const SendingWindow = z
  .object({
    days: z
      .array(z.number().int().min(0).max(6))
      .min(1)
      .max(7)
      .refine((d) => new Set(d).size === d.length, 'days must not repeat')
      .openapi({
        description: 'Weekdays sends may go out on, in the recipient’s zone (0 = Sunday … 6 = Saturday)',
        example: [1, 2, 3, 4, 5],
      }),
    startHour: z
      .number()
      .int()
      .min(0)
      .max(23)
      .openapi({ description: 'First local hour sends may go out (0–23)', example: 9 }),
    endHour: z.number().int().min(1).max(24).openapi({
      description: 'Local hour the window closes, not included (1–24; after startHour)',
      example: 18,
    }),
  })
  .strict()
  .refine((w) => w.startHour < w.endHour, { message: 'startHour must be before endHour', path: ['endHour'] });
export type SendingWindow = z.infer<typeof SendingWindow>;

const share = (what: string) => z.number().min(0).max(0.5).openapi({ description: what, example: 0.1 });

/** How an `optimized` (or `local`) schedule learns: see services/send-times/slot-policy.ts. */
export const SendTimeSettings = z
  .object({
    explorationShare: share(
      'Share of recipients (0–0.5) sent at other allowed weekday × hour slots, chosen by Thompson sampling, so ' +
        'that untried and promising slots get sends. Default: the workspace’s (0.1) for `optimized`, 0 for ' +
        '`local` (which then explores other hours of the same date); `at` never explores',
    ).optional(),
    holdoutShare: share(
      'Share of an `optimized` schedule’s recipients (0–0.5) sent as without Kaifu (the workspace’s usual time, ' +
        'else at `from`), to measure the lift against. Default: the workspace’s (0.1)',
    ).optional(),
  })
  .strict();
export type SendTimeSettings = z.infer<typeof SendTimeSettings>;

export const Variant = z
  .object({
    subject: line()
      .trim()
      .min(1)
      .max(300)
      .openapi({ description: 'Subject line; merge fields such as {{name}} are filled in per recipient' }),
    preheader: line()
      .trim()
      .max(300)
      .nullish()
      .openapi({ description: 'Preview text shown after the subject in the inbox' }),
  })
  .strict();

const Sender = z
  .object({
    email: z.email().max(254).openapi({ description: 'Sender address', example: 'news@example.com' }),
    name: line()
      .trim()
      .min(1)
      .max(200)
      .openapi({ description: 'Sender display name', example: 'Kaifu Newsletter' }),
  })
  .strict();

/** Every tracked link must be one a click can redirect to: it is stored as written and sent as Location. */
function checkLinks(html: string, ctx: z.RefinementCtx) {
  for (const [index, url] of extractLinks(html).links.entries()) {
    const problem = linkProblem(url);
    if (problem)
      ctx.addIssue({
        code: 'custom',
        message: `link ${index + 1} (${JSON.stringify(url.slice(0, 80))}) ${problem}`,
      });
  }
}

const campaignFields = {
  name: line().trim().min(1).max(200).openapi({ description: 'Name, for you; never shown to recipients' }),
  listId: z.uuid().openapi({ description: 'The list to send to; its members are read when it is scheduled' }),
  from: Sender.openapi({ description: 'The From of every message' }),
  replyTo: z
    .email()
    .max(254)
    .nullish()
    .openapi({ description: 'Reply-To address; none: replies go to the sender' }),
  html: lines().min(1).max(1_000_000).superRefine(checkLinks).openapi({
    description:
      'HTML body with merge fields ({{name}}, {{company|fallback}}); its http(s) links go through Kaifu’s click redirect',
  }),
  text: lines()
    .max(1_000_000)
    .nullish()
    .openapi({ description: 'Plain-text body; none: made from the HTML' }),
  variants: z
    .array(Variant)
    .min(1)
    .max(8)
    .openapi({ description: 'Subject variants, 1 to 8; the first is the control' }),
  schedule: Schedule.nullish(),
  test: TestSettings.nullish().openapi({
    description:
      'An A/B test of the variants (needs two or more): a share is tested, the rest gets the winner',
  }),
  sendingWindow: SendingWindow.nullish().openapi({
    description: 'Days and hours, in each recipient’s local time, that sends may go out; none: any time',
  }),
  sendTime: SendTimeSettings.nullish().openapi({
    description: 'Exploration and holdout shares of the schedule; none: the defaults',
  }),
};

const testNeedsVariants = (c: { test?: unknown; variants?: unknown[] | undefined }) =>
  !c.test || c.variants === undefined || c.variants.length >= 2;
const testRule = { message: 'an A/B test needs at least two variants', path: ['test'] };

export const CampaignInput = z.object(campaignFields).strict().refine(testNeedsVariants, testRule);
export type CampaignInput = z.infer<typeof CampaignInput>;

export const CampaignPatch = z
  .object(campaignFields)
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'give at least one field to change')
  .refine(testNeedsVariants, testRule);
export type CampaignPatch = z.infer<typeof CampaignPatch>;
