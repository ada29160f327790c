import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, jsonBody, jsonContent } from '../../http/openapi.js';
import { type App, actorOf } from '../../http/types.js';
import { line } from '../../lib/text.js';
import { createApiKey } from '../../services/keys/create-key.js';
import { Role } from '../../services/keys/roles.js';
import { ApiKeySchema } from './schemas.js';

export const CreateKeyRequest = z
  .object({
    name: line().trim().min(1).max(100),
    role: Role,
    expiresAt: z.string().datetime({ offset: true }).optional(),
  })
  .strict()
  .openapi('CreateKeyRequest');

export const CreatedKey = ApiKeySchema.extend({
  key: z.string().openapi({
    description:
      'The key itself, sent as `Authorization: Bearer <key>`. Shown this once (only its hash is stored); store it now.',
    example: 'kf_3xQ9aZ7bN2mLq8RtVw4YcE1uHs6JdKfGpXo0iTzAyB5',
  }),
}).openapi('CreatedKey');

export const route = createRoute(
  authed('admin', {
    method: 'post',
    path: '/v1/keys',
    operationId: 'createKey',
    tags: ['Keys'],
    summary: 'Create an API key',
    request: { body: jsonBody(CreateKeyRequest) },
    responses: {
      201: jsonContent(CreatedKey, 'The new key, with its plaintext shown once'),
      ...errorResponses(400, 409, 413, 415, 422),
    },
  }),
);

export function registerCreateKey(app: App) {
  app.openapi(route, async (c) => {
    const input = c.req.valid('json');
    const created = await createApiKey({
      deps: c.get('deps'),
      actor: actorOf(c),
      input: { ...input, expiresAt: input.expiresAt ? new Date(input.expiresAt) : undefined },
    });
    return c.json(created, 201);
  });
}
