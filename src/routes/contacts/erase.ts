import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses } from '../../http/openapi.js';
import { type App, actorOf } from '../../http/types.js';
import { eraseContact } from '../../services/contacts/erase-contact.js';

export const route = createRoute(
  authed('marketer', {
    method: 'delete',
    path: '/v1/contacts/{id}',
    operationId: 'eraseContact',
    tags: ['Contacts'],
    summary: 'Erase a contact’s personal data',
    description:
      'Removes address, name, company, attributes, consent and the IPs and user agents of its events at once, ' +
      'cancels its unsent messages and keeps a salted hash in suppressions, so a later re-import of the address ' +
      'is not mailed. Anonymous counts stay.',
    request: { params: z.object({ id: z.uuid() }) },
    responses: { 204: { description: 'Erased' }, ...errorResponses(400, 404) },
  }),
);

export function registerEraseContact(app: App) {
  app.openapi(route, async (c) => {
    await eraseContact({ deps: c.get('deps'), actor: actorOf(c), contactId: c.req.valid('param').id });
    return c.body(null, 204);
  });
}
