import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, jsonContent } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { contactSendTime } from '../../services/analysis/send-times.js';
import { ContactSendTime } from '../analysis/schemas.js';

export const route = createRoute(
  authed('reader', {
    method: 'get',
    path: '/v1/contacts/{id}/send-time',
    operationId: 'getContactSendTime',
    tags: ['Send times'],
    summary: 'A contact’s best local hour, in their zone and in UTC',
    description:
      'From the contact’s own human opens, weighed with the list’s hour pattern (or the workspace’s); with fewer ' +
      'than 3 of their own, the list’s best hour; with no data at all, 10:00 local. The reason says which.',
    request: { params: z.object({ id: z.uuid() }), query: z.object({ listId: z.uuid().optional() }) },
    responses: { 200: jsonContent(ContactSendTime, 'The send time'), ...errorResponses(400, 404) },
  }),
);

export function registerContactSendTime(app: App) {
  app.openapi(route, async (c) => {
    const answer = await contactSendTime({
      deps: c.get('deps'),
      workspaceId: c.get('auth').workspaceId,
      contact: { id: c.req.valid('param').id },
      listId: c.req.valid('query').listId,
    });
    return c.json(answer, 200);
  });
}
