import { createRoute, z } from '@hono/zod-openapi';
import { authed, jsonContent } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { listApiKeys } from '../../services/keys/list-keys.js';
import { ApiKeySchema } from './schemas.js';

export const route = createRoute(
  authed('admin', {
    method: 'get',
    path: '/v1/keys',
    operationId: 'listKeys',
    tags: ['Keys'],
    summary: 'List the workspace’s API keys (never their secrets)',
    responses: {
      200: jsonContent(
        z.object({
          data: z.array(ApiKeySchema).openapi({
            description: 'Every key of the workspace, expired and revoked ones too, oldest first',
          }),
        }),
        'Keys, oldest first',
      ),
    },
  }),
);

export function registerListKeys(app: App) {
  app.openapi(route, async (c) => {
    const data = await listApiKeys({ deps: c.get('deps'), workspaceId: c.get('auth').workspaceId });
    return c.json({ data }, 200);
  });
}
