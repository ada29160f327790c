import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, jsonContent } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { getContact } from '../../services/contacts/read-contacts.js';
import { ContactSchema } from './schemas.js';

export const route = createRoute(
  authed('analyst', {
    method: 'get',
    path: '/v1/contacts/{id}',
    operationId: 'getContact',
    tags: ['Contacts'],
    summary: 'One contact',
    request: { params: z.object({ id: z.uuid() }) },
    responses: { 200: jsonContent(ContactSchema, 'The contact'), ...errorResponses(400, 404) },
  }),
);

export function registerGetContact(app: App) {
  app.openapi(route, async (c) => {
    const contact = await getContact({
      deps: c.get('deps'),
      workspaceId: c.get('auth').workspaceId,
      contactId: c.req.valid('param').id,
    });
    return c.json(contact, 200);
  });
}
