import { createRoute } from '@hono/zod-openapi';
import { authed, errorResponses, jsonContent } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { getList } from '../../services/lists/lists.js';
import { ListParams, ListSchema } from './schemas.js';

export const route = createRoute(
  authed('analyst', {
    method: 'get',
    path: '/v1/lists/{id}',
    operationId: 'getList',
    tags: ['Lists'],
    summary: 'One list with its member counts',
    request: { params: ListParams },
    responses: { 200: jsonContent(ListSchema, 'The list'), ...errorResponses(400, 404) },
  }),
);

export function registerGetList(app: App) {
  app.openapi(route, async (c) => {
    const list = await getList({
      deps: c.get('deps'),
      workspaceId: c.get('auth').workspaceId,
      listId: c.req.valid('param').id,
    });
    return c.json(list, 200);
  });
}
