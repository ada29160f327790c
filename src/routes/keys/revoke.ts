import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses } from '../../http/openapi.js';
import { type App, actorOf } from '../../http/types.js';
import { revokeApiKey } from '../../services/keys/revoke-key.js';

export const route = createRoute(
  authed('admin', {
    method: 'delete',
    path: '/v1/keys/{id}',
    operationId: 'revokeKey',
    tags: ['Keys'],
    summary: 'Revoke an API key at once',
    request: { params: z.object({ id: z.string().uuid() }) },
    responses: {
      204: { description: 'Revoked (or already revoked)' },
      ...errorResponses(400, 404, 409),
    },
  }),
);

export function registerRevokeKey(app: App) {
  app.openapi(route, async (c) => {
    await revokeApiKey({ deps: c.get('deps'), actor: actorOf(c), keyId: c.req.valid('param').id });
    return c.body(null, 204);
  });
}
