import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, jsonBody, jsonContent } from '../../http/openapi.js';
import { type App, actorOf } from '../../http/types.js';
import { line, lines } from '../../lib/text.js';
import { isIanaTimezone, TIMEZONE_RULE } from '../../lib/time-zones.js';
import { WorkspaceSendTime } from '../../services/send-times/workspace-send-time.js';
import { updateWorkspace } from '../../services/workspaces/workspace-settings.js';
import { WorkspaceSchema } from './schemas.js';

export const UpdateWorkspaceRequest = z
  .object({
    name: line().trim().min(1).max(200).optional(),
    defaultTimezone: z.string().refine(isIanaTimezone, TIMEZONE_RULE).optional(),
    attributionDays: z.number().int().min(1).max(365).optional().openapi({
      description: 'Days before a meeting or a win in which a human open or click earns the credit',
    }),
    kpiPriorStrength: z.number().int().min(1).max(10_000).optional().openapi({
      description: 'Observations the KPI plan’s assumed rates are worth against history; default 20',
    }),
    sendTime: WorkspaceSendTime.partial()
      .optional()
      .openapi({
        description:
          'Defaults of optimized schedules: explorationShare and holdoutShare (0–0.5, each 0.1 until changed; 0 ' +
          'turns it off) and the usual send time the holdout keeps; fields not given stay as they are',
      }),
    sender: z
      .object({
        name: line().trim().min(1).max(200),
        email: z.email().max(254),
        postalAddress: lines().trim().min(5).max(500),
      })
      .strict()
      .nullable()
      .optional()
      .openapi({ description: 'Required by 特定電子メール法 and CAN-SPAM before anything is sent' }),
  })
  .strict()
  .refine(
    (v) => Object.keys(v).length > 0,
    'give at least one of name, defaultTimezone, attributionDays, kpiPriorStrength, sendTime, sender',
  )
  .openapi('UpdateWorkspaceRequest');

export const route = createRoute(
  authed('admin', {
    method: 'patch',
    path: '/v1/workspace',
    operationId: 'updateWorkspace',
    tags: ['Workspace'],
    summary:
      'Change the workspace’s name, default time zone, attribution window, send-time defaults or sender identity',
    request: { body: jsonBody(UpdateWorkspaceRequest) },
    responses: {
      200: jsonContent(WorkspaceSchema, 'The updated workspace'),
      ...errorResponses(400, 413, 415),
    },
  }),
);

export function registerUpdateWorkspace(app: App) {
  app.openapi(route, async (c) => {
    const updated = await updateWorkspace({
      deps: c.get('deps'),
      actor: actorOf(c),
      input: c.req.valid('json'),
    });
    return c.json(updated, 200);
  });
}
