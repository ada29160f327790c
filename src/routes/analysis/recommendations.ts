import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, jsonContent } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { recommend } from '../../services/analysis/recommendations.js';
import { Effect, SampleNeeded, Slot } from './schemas.js';

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

export const route = createRoute(
  authed('reader', {
    method: 'get',
    path: '/v1/recommendations',
    operationId: 'getRecommendations',
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

export function registerRecommendations(app: App) {
  app.openapi(route, async (c) => {
    const result = await recommend({
      deps: c.get('deps'),
      workspaceId: c.get('auth').workspaceId,
      listId: c.req.valid('query').listId ?? null,
    });
    return c.json(result, 200);
  });
}
