import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, jsonContent } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { listSendTimes } from '../../services/analysis/send-times.js';
import { SampleNeeded, Slot } from './schemas.js';

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

export const route = createRoute(
  authed('reader', {
    method: 'get',
    path: '/v1/send-times',
    operationId: 'listSendTimes',
    tags: ['Send times'],
    summary: 'A list’s best local weekday × hour slots, for marketing-automation tools',
    request: { query: z.object({ listId: z.uuid() }) },
    responses: { 200: jsonContent(SendTimes, 'The slots'), ...errorResponses(400) },
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
