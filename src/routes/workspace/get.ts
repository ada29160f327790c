import { createRoute } from '@hono/zod-openapi';
import { authed, jsonContent } from '../../http/openapi';
import type { App } from '../../http/types';
import { getWorkspace } from '../../services/workspaces/workspace-settings';
import { WorkspaceSchema } from './schemas';

export const route = createRoute(
  authed('reader', {
    method: 'get',
    path: '/v1/workspace',
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
