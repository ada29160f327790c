import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, jsonContent } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { contactSendTime } from '../../services/analysis/send-times.js';
import { ContactSendTime } from './schemas.js';

export const route = createRoute(
  authed('reader', {
    method: 'get',
    path: '/v1/send-times/contact',
    operationId: 'getContactSendTimeByEmail',
    tags: ['Send times'],
    summary: 'A contact’s best local hour, looked up by email address',
    description:
      'For marketing-automation tools, which know their leads by address: the same answer as ' +
      '`GET /v1/contacts/{id}/send-time`, with send-time fields only. The address is matched case-insensitively.',
    request: {
      query: z.object({
        email: z.email().max(254),
        listId: z
          .uuid()
          .optional()
          .openapi({ description: 'Whose hour pattern to lean on; else the workspace’s' }),
      }),
    },
    responses: { 200: jsonContent(ContactSendTime, 'The send time'), ...errorResponses(400, 404) },
  }),
);

export function registerContactSendTimeByEmail(app: App) {
  app.openapi(route, async (c) => {
    const { email, listId } = c.req.valid('query');
    const answer = await contactSendTime({
      deps: c.get('deps'),
      workspaceId: c.get('auth').workspaceId,
      contact: { email },
      listId,
    });
    return c.json(answer, 200);
  });
}
