import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, jsonBody, jsonContent } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { removeListMembers } from '../../services/lists/members.js';
import { ListParams, MemberRefsRequest, NotFoundRefs } from './schemas.js';

export const route = createRoute(
  authed('marketer', {
    method: 'delete',
    path: '/v1/lists/{id}/members',
    operationId: 'removeListMembers',
    tags: ['Lists'],
    summary: 'Remove contacts from a list, by id or by email',
    request: { params: ListParams, body: jsonBody(MemberRefsRequest) },
    responses: {
      200: jsonContent(
        z.object({
          removed: z.number().int().openapi({ description: 'Contacts taken off the list', example: 12 }),
          notMembers: z
            .number()
            .int()
            .openapi({ description: 'Contacts found that were not on the list', example: 1 }),
          notFound: NotFoundRefs,
        }),
        'What changed',
      ),
      ...errorResponses(400, 404, 413, 415),
    },
  }),
);

export function registerRemoveListMembers(app: App) {
  app.openapi(route, async (c) => {
    const result = await removeListMembers({
      deps: c.get('deps'),
      workspaceId: c.get('auth').workspaceId,
      listId: c.req.valid('param').id,
      refs: c.req.valid('json'),
    });
    return c.json(result, 200);
  });
}
