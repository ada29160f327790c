import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, jsonContent } from '../../http/openapi';
import type { App } from '../../http/types';
import { getList, listLists } from '../../services/lists/lists';
import { ListParams, ListSchema } from './schemas';

export const listRoute = createRoute(
  authed('analyst', {
    method: 'get',
    path: '/v1/lists',
    tags: ['Lists'],
    summary: 'Lists with member counts',
    responses: { 200: jsonContent(z.object({ data: z.array(ListSchema) }), 'All lists, oldest first') },
  }),
);

export const getRoute = createRoute(
  authed('analyst', {
    method: 'get',
    path: '/v1/lists/{id}',
    tags: ['Lists'],
    summary: 'One list with its member counts',
    request: { params: ListParams },
    responses: { 200: jsonContent(ListSchema, 'The list'), ...errorResponses(400, 404) },
  }),
);

export function registerListLists(app: App) {
  app.openapi(listRoute, async (c) => {
    return c.json(
      { data: await listLists({ deps: c.get('deps'), workspaceId: c.get('auth').workspaceId }) },
      200,
    );
  });
  app.openapi(getRoute, async (c) => {
    const list = await getList({
      deps: c.get('deps'),
      workspaceId: c.get('auth').workspaceId,
      listId: c.req.valid('param').id,
    });
    return c.json(list, 200);
  });
}
