// zod as @hono/zod-openapi extends it: routes add .openapi() to these schemas, whatever loads first.
import { z } from '@hono/zod-openapi';
import { line, lines } from '../../lib/text.js';
import { parseWallTime } from '../../lib/time-zones.js';
import { extractLinks, linkProblem } from '../../mail/render.js';

const isoInstant = z.iso.datetime({ offset: true });

export const Schedule = z.discriminatedUnion('type', [
  z.object({ type: z.literal('at'), at: isoInstant }).strict(),
  z
    .object({
      type: z.literal('local'),
      date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
      time: z.string().regex(/^\d{2}:\d{2}$/, 'HH:MM (24-hour)'),
    })
    .strict()
    .refine((s) => parseWallTime(s.date, s.time) !== null, {
      message: 'not a real date and time',
      path: ['date'],
    }),
  z
    .object({ type: z.literal('optimized'), from: isoInstant, to: isoInstant })
    .strict()
    .refine((s) => Date.parse(s.from) < Date.parse(s.to), {
      message: 'from must be before to',
      path: ['to'],
    }),
]);
export type Schedule = z.infer<typeof Schedule>;

export const TestSettings = z
  .object({
    share: z.number().gt(0).lt(1),
    waitHours: z.number().min(1).max(168),
    metric: z.enum(['human_open', 'human_click']).default('human_open'),
    minPerVariant: z.number().int().min(1).default(100),
    winThreshold: z.number().min(0.5).max(0.9999).default(0.95),
    fallback: z.enum(['best', 'control']).default('best'),
  })
  .strict();
export type TestSettings = z.infer<typeof TestSettings>;

export const SendingWindow = z
  .object({
    days: z
      .array(z.number().int().min(0).max(6))
      .min(1)
      .max(7)
      .refine((d) => new Set(d).size === d.length, 'days must not repeat'),
    startHour: z.number().int().min(0).max(23),
    endHour: z.number().int().min(1).max(24),
  })
  .strict()
  .refine((w) => w.startHour < w.endHour, { message: 'startHour must be before endHour', path: ['endHour'] });
export type SendingWindow = z.infer<typeof SendingWindow>;

export const Variant = z
  .object({ subject: line().trim().min(1).max(300), preheader: line().trim().max(300).nullish() })
  .strict();

const Sender = z.object({ email: z.email().max(254), name: line().trim().min(1).max(200) }).strict();

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
  name: line().trim().min(1).max(200),
  listId: z.uuid(),
  from: Sender,
  replyTo: z.email().max(254).nullish(),
  html: lines().min(1).max(1_000_000).superRefine(checkLinks),
  text: lines().max(1_000_000).nullish(),
  variants: z.array(Variant).min(1).max(8),
  schedule: Schedule.nullish(),
  test: TestSettings.nullish(),
  sendingWindow: SendingWindow.nullish(),
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
