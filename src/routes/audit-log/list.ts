import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, Pagination, pageOf } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { listAuditLog } from '../../services/audit/list-audit-log.js';

const AuditEntry = z
  .object({
    id: z.string().uuid().openapi({
      description: 'The entry’s id (UUIDv7, time-ordered)',
      example: '0193b7c2-6a04-7c81-8d2e-5f3a9b1c7e61',
    }),
    action: z.string().openapi({
      description:
        'What was done, as object.verb: workspace.created, workspace.updated, sendgrid.updated, key.created, ' +
        'key.revoked, contact.erased, suppressions.added, suppressions.removed, campaign.test_decided, request.replayed',
      example: 'key.created',
    }),
    actorKeyId: z.string().uuid().nullable().openapi({
      description:
        'Id of the API key that did it; null when Kaifu itself did (workspace setup, a test decided)',
      example: '0193b7c2-5f1e-7a3d-9c41-2b8e6f0d4a18',
    }),
    targetType: z.string().openapi({
      description: 'Kind of thing acted on: workspace, api_key, contact, suppression, campaign or request',
      example: 'api_key',
    }),
    targetId: z.string().nullable().openapi({
      description: 'Id of the thing acted on; null for bulk suppression changes and replayed requests',
      example: '0193b7c2-6a04-7c81-8d2e-5f3a9b1c7e60',
    }),
    details: z.record(z.string(), z.unknown()).openapi({
      description: 'What the action concerned, by action (never a secret: an API key is only set or removed)',
      example: { name: 'CRM sync', role: 'marketer', expiresAt: null },
    }),
    requestId: z.string().nullable().openapi({
      description: 'The X-Request-Id of the request that did it; null when no API request did',
      example: '0193b7c2-5f1e-7a3d-9c41-2b8e6f0d4a17',
    }),
    createdAt: z.string().datetime().openapi({
      description: 'When it was done, ISO 8601 UTC',
      example: '2026-10-01T09:00:00.000Z',
    }),
  })
  .openapi('AuditEntry');

export const route = createRoute(
  authed('admin', {
    method: 'get',
    path: '/v1/audit-log',
    operationId: 'listAuditLog',
    tags: ['Workspace'],
    summary: 'Admin actions in this workspace, newest first',
    request: { query: Pagination },
    responses: {
      200: pageOf(AuditEntry),
      ...errorResponses(400),
    },
  }),
);

export function registerListAuditLog(app: App) {
  app.openapi(route, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const page = await listAuditLog({
      deps: c.get('deps'),
      workspaceId: c.get('auth').workspaceId,
      limit,
      cursor,
    });
    const data = page.data.map((row) => ({
      id: row.id,
      action: row.action,
      actorKeyId: row.actorKeyId,
      targetType: row.targetType,
      targetId: row.targetId,
      details: row.details,
      requestId: row.requestId,
      createdAt: row.createdAt.toISOString(),
    }));
    return c.json({ data, nextCursor: page.nextCursor }, 200);
  });
}
