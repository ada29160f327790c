import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, jsonContent } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { recommend } from '../../services/analysis/recommendations.js';
import { listSendTimes } from '../../services/analysis/send-times.js';

const Interval = z.object({ lower: z.number(), upper: z.number() }).nullable();
const Slot = z.object({
  weekday: z.number().int().openapi({ description: '0 = Sunday, the recipient’s local weekday' }),
  hour: z.number().int(),
  trials: z.number().int(),
  humanOpens: z.number().int(),
  rate: z.number().nullable(),
  shrunkRate: z.number(),
  ci: Interval,
  probabilityBeatsTypical: z.number(),
  adjustedPValue: z.number().nullable(),
  significant: z.boolean(),
});
const Effect = z.object({
  name: z.string(),
  effect: z.number().nullable(),
  ci: Interval,
  trials: z.object({ with: z.number().int(), without: z.number().int() }),
  adjustedPValue: z.number().nullable(),
  significant: z.boolean(),
});
const SampleNeeded = z.object({ perSlot: z.number().int(), lift: z.number() }).nullable();

const Recommendations = z
  .object({
    listId: z.uuid().nullable(),
    metric: z.literal('human_open'),
    denominator: z.enum(['delivered', 'sends']),
    typicalRate: z.number().nullable(),
    trials: z.number().int(),
    slots: z.object({
      status: z.enum(['established', 'not_enough_data']),
      best: z.array(Slot),
      sampleNeeded: SampleNeeded,
    }),
    subjectFeatures: z.array(Effect),
    leadSources: z.array(Effect),
  })
  .openapi('Recommendations');

const SendTimes = z
  .object({
    listId: z.uuid(),
    denominator: z.enum(['delivered', 'sends']),
    typicalRate: z.number().nullable(),
    status: z.enum(['established', 'not_enough_data']),
    slots: z.array(Slot),
    sampleNeeded: SampleNeeded,
  })
  .openapi('SendTimes');

export const recommendationsRoute = createRoute(
  authed('reader', {
    method: 'get',
    path: '/v1/recommendations',
    tags: ['Recommendations'],
    summary:
      'What to do: the best local send slots, subject features that raise opens, lead-source differences',
    description:
      'Each with its effect, interval and the data behind it; claims are controlled for the many comparisons ' +
      '(Benjamini–Hochberg over every slot or feature considered). With thin data the answer says so and how many ' +
      'sends per slot would settle it.',
    request: { query: z.object({ listId: z.uuid().optional() }) },
    responses: { 200: jsonContent(Recommendations, 'The recommendations'), ...errorResponses(400) },
  }),
);

export const sendTimesRoute = createRoute(
  authed('reader', {
    method: 'get',
    path: '/v1/send-times',
    tags: ['Send times'],
    summary: 'A list’s best local weekday × hour slots, for marketing-automation tools',
    request: { query: z.object({ listId: z.uuid() }) },
    responses: { 200: jsonContent(SendTimes, 'The slots'), ...errorResponses(400) },
  }),
);

export function registerRecommendations(app: App) {
  app.openapi(recommendationsRoute, async (c) => {
    const result = await recommend(
      c.get('deps'),
      c.get('auth').workspaceId,
      c.req.valid('query').listId ?? null,
    );
    return c.json(result, 200);
  });
  app.openapi(sendTimesRoute, async (c) => {
    const result = await listSendTimes(c.get('deps'), c.get('auth').workspaceId, c.req.valid('query').listId);
    return c.json(result, 200);
  });
}
