import { createRoute, z } from '@hono/zod-openapi';
import { contactStatuses, leadSources } from '../../db/schema/index.js';
import { authed, errorResponses, Pagination, pageOf } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { listContacts } from '../../services/contacts/read-contacts.js';
import { ContactSchema } from './schemas.js';

const Query = Pagination.extend({
  email: z.string().max(254).optional(),
  status: z.enum(contactStatuses).optional(),
  listId: z.uuid().optional(),
  leadSource: z.enum(leadSources).optional(),
});

export const route = createRoute(
  authed('analyst', {
    method: 'get',
    path: '/v1/contacts',
    operationId: 'listContacts',
    tags: ['Contacts'],
    summary: 'Contacts, oldest first, with filters',
    request: { query: Query },
    responses: {
      200: pageOf(ContactSchema),
      ...errorResponses(400),
    },
  }),
);

export function registerListContacts(app: App) {
  app.openapi(route, async (c) => {
    const { limit, cursor, ...filters } = c.req.valid('query');
    const page = await listContacts({
      deps: c.get('deps'),
      workspaceId: c.get('auth').workspaceId,
      filters,
      limit,
      cursor,
    });
    return c.json(page, 200);
  });
}
