import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, jsonBody, jsonContent } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { addListMembers } from '../../services/lists/members.js';
import { ListParams, MemberRefsRequest, NotFoundRefs } from './schemas.js';

export const route = createRoute(
  authed('marketer', {
    method: 'post',
    path: '/v1/lists/{id}/members',
    operationId: 'addListMembers',
    tags: ['Lists'],
    summary: 'Add contacts to a list, by id or by email',
    request: { params: ListParams, body: jsonBody(MemberRefsRequest) },
    responses: {
      200: jsonContent(
        z.object({
          added: z.number().int().openapi({ description: 'Contacts newly put on the list', example: 48 }),
          alreadyMembers: z
            .number()
            .int()
            .openapi({ description: 'Contacts found that were on the list already', example: 2 }),
          notFound: NotFoundRefs,
        }),
        'What changed',
      ),
      ...errorResponses(400, 404, 413, 415, 422),
    },
  }),
);

export function registerAddListMembers(app: App) {
  app.openapi(route, async (c) => {
    const result = await addListMembers({
      deps: c.get('deps'),
      workspaceId: c.get('auth').workspaceId,
      listId: c.req.valid('param').id,
      refs: c.req.valid('json'),
    });
    return c.json(result, 200);
  });
}
