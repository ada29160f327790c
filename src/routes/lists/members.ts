import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, jsonBody, jsonContent } from '../../http/openapi';
import type { App } from '../../http/types';
import { addListMembers, removeListMembers } from '../../services/lists/members';
import { ListParams, MemberRefsRequest } from './schemas';

const NotFound = z.array(z.string()).openapi({ description: 'Ids or emails that match no contact here' });

export const addRoute = createRoute(
  authed('marketer', {
    method: 'post',
    path: '/v1/lists/{id}/members',
    tags: ['Lists'],
    summary: 'Add contacts to a list, by id or by email',
    request: { params: ListParams, body: jsonBody(MemberRefsRequest) },
    responses: {
      200: jsonContent(
        z.object({ added: z.number().int(), alreadyMembers: z.number().int(), notFound: NotFound }),
        'What changed',
      ),
      ...errorResponses(400, 404, 413, 415, 422),
    },
  }),
);

export const removeRoute = createRoute(
  authed('marketer', {
    method: 'delete',
    path: '/v1/lists/{id}/members',
    tags: ['Lists'],
    summary: 'Remove contacts from a list, by id or by email',
    request: { params: ListParams, body: jsonBody(MemberRefsRequest) },
    responses: {
      200: jsonContent(
        z.object({ removed: z.number().int(), notMembers: z.number().int(), notFound: NotFound }),
        'What changed',
      ),
      ...errorResponses(400, 404, 413, 415),
    },
  }),
);

export function registerListMembers(app: App) {
  app.openapi(addRoute, async (c) => {
    const result = await addListMembers({
      deps: c.get('deps'),
      workspaceId: c.get('auth').workspaceId,
      listId: c.req.valid('param').id,
      refs: c.req.valid('json'),
    });
    return c.json(result, 200);
  });
  app.openapi(removeRoute, async (c) => {
    const result = await removeListMembers({
      deps: c.get('deps'),
      workspaceId: c.get('auth').workspaceId,
      listId: c.req.valid('param').id,
      refs: c.req.valid('json'),
    });
    return c.json(result, 200);
  });
}
