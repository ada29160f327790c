import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, Pagination, pageOf } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { listAuditLog } from '../../services/audit/list-audit-log.js';

const AuditEntry = z
  .object({
    id: z.string().uuid(),
    action: z.string().openapi({ example: 'key.created' }),
    actorKeyId: z.string().uuid().nullable(),
    targetType: z.string(),
    targetId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    requestId: z.string().nullable(),
    createdAt: z.string().datetime(),
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
