import { createRoute } from '@hono/zod-openapi';
import { authed, jsonContent } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { getWorkspace } from '../../services/workspaces/workspace-settings.js';
import { WorkspaceSchema } from './schemas.js';

export const route = createRoute(
  authed('reader', {
    method: 'get',
    path: '/v1/workspace',
    operationId: 'getWorkspace',
    tags: ['Workspace'],
    summary: 'The key’s workspace: its id and settings',
    responses: { 200: jsonContent(WorkspaceSchema, 'The workspace') },
  }),
);

export function registerGetWorkspace(app: App) {
  app.openapi(route, async (c) => {
    return c.json(await getWorkspace({ deps: c.get('deps'), workspaceId: c.get('auth').workspaceId }), 200);
  });
}
