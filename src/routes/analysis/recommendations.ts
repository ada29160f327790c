import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, jsonContent } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { recommend } from '../../services/analysis/recommendations.js';
import { Baseline, Effect, SampleNeeded, Slot } from './schemas.js';

const Recommendations = z
  .object({
    listId: z
      .uuid()
      .nullable()
      .openapi({ description: 'The list the answer is about; null for the whole workspace' }),
    metric: z.literal('human_open').openapi({
      description:
        'Always human opens: messages opened by a person, machine opens (Apple MPP, proxies) left out',
    }),
    ...Baseline,
    trials: z.number().int().openapi({ description: 'Trials over every slot', example: 24600 }),
    slots: z
      .object({
        status: z.enum(['established', 'not_enough_data']).openapi({
          description:
            '`established`: at least one of the best slots (marked significant) opens significantly better than ' +
            'the rest. `not_enough_data`: none does yet, so the ranking is no proof; sampleNeeded says what would ' +
            'settle it',
        }),
        best: z.array(Slot).openapi({
          description:
            'Up to 5 local weekday × hour slots with sends, highest shrunk rate first (most sent first when basis ' +
            'is `none`)',
        }),
        sampleNeeded: SampleNeeded,
      })
      .openapi({ description: 'When to send: the best local weekday × hour slots' }),
    subjectFeatures: z.array(Effect).openapi({
      description: 'Each subject feature’s effect on the human-open rate, largest first',
    }),
    leadSources: z.array(Effect).openapi({
      description: 'Each lead source’s human-open rate against all the others',
    }),
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
    responses: { 200: jsonContent(Recommendations, 'The recommendations'), ...errorResponses(400, 404) },
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
