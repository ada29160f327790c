import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, jsonBody, jsonContent } from '../../http/openapi.js';
import { type App, actorOf } from '../../http/types.js';
import { line, lines } from '../../lib/text.js';
import { createList } from '../../services/lists/lists.js';
import { ListSchema } from './schemas.js';

export const CreateListRequest = z
  .object({ name: line().trim().min(1).max(200), description: lines().trim().max(1000).optional() })
  .strict()
  .openapi('CreateListRequest');

export const route = createRoute(
  authed('marketer', {
    method: 'post',
    path: '/v1/lists',
    operationId: 'createList',
    tags: ['Lists'],
    summary: 'Create a list (names are unique in a workspace)',
    request: { body: jsonBody(CreateListRequest) },
    responses: { 201: jsonContent(ListSchema, 'The new list'), ...errorResponses(400, 409, 413, 415, 422) },
  }),
);

export function registerCreateList(app: App) {
  app.openapi(route, async (c) => {
    return c.json(
      await createList({ deps: c.get('deps'), actor: actorOf(c), input: c.req.valid('json') }),
      201,
    );
  });
}
