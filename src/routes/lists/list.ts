import { createRoute, z } from '@hono/zod-openapi';
import { authed, jsonContent } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { listLists } from '../../services/lists/lists.js';
import { ListSchema } from './schemas.js';

export const route = createRoute(
  authed('analyst', {
    method: 'get',
    path: '/v1/lists',
    operationId: 'listLists',
    tags: ['Lists'],
    summary: 'Lists with member counts',
    responses: {
      200: jsonContent(
        z.object({
          data: z
            .array(ListSchema)
            .openapi({ description: 'Every list of the workspace, oldest first (not paged)' }),
        }),
        'All lists, oldest first',
      ),
    },
  }),
);

export function registerListLists(app: App) {
  app.openapi(route, async (c) => {
    return c.json(
      { data: await listLists({ deps: c.get('deps'), workspaceId: c.get('auth').workspaceId }) },
      200,
    );
  });
}
