import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, jsonContent } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { listSendTimes } from '../../services/analysis/send-times.js';
import { Baseline, SampleNeeded, Slot } from './schemas.js';

const SendTimes = z
  .object({
    listId: z.uuid().openapi({ description: 'The list' }),
    ...Baseline,
    status: z.enum(['established', 'not_enough_data']).openapi({
      description:
        '`established`: at least one slot (marked significant) opens significantly better than the rest. ' +
        '`not_enough_data`: none does yet, so the ranking is no proof; sampleNeeded says what would settle it',
    }),
    slots: z.array(Slot).openapi({
      description:
        'Up to 5 local weekday × hour slots with sends, highest shrunk rate first (most sent first when basis is ' +
        '`none`)',
    }),
    sampleNeeded: SampleNeeded,
  })
  .openapi('SendTimes');

export const route = createRoute(
  authed('reader', {
    method: 'get',
    path: '/v1/send-times',
    operationId: 'listSendTimes',
    tags: ['Send times'],
    summary: 'A list’s best local weekday × hour slots, for marketing-automation tools',
    request: { query: z.object({ listId: z.uuid() }) },
    responses: { 200: jsonContent(SendTimes, 'The slots'), ...errorResponses(400, 404) },
  }),
);

export function registerSendTimes(app: App) {
  app.openapi(route, async (c) => {
    const result = await listSendTimes({
      deps: c.get('deps'),
      workspaceId: c.get('auth').workspaceId,
      listId: c.req.valid('query').listId,
    });
    return c.json(result, 200);
  });
}
