import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, jsonBody, jsonContent } from '../../http/openapi.js';
import { type App, actorOf } from '../../http/types.js';
import { line } from '../../lib/text.js';
import { updateSendgridSettings } from '../../services/sendgrid/settings.js';
import { SendgridState } from './schemas.js';

export const SendgridSettingsRequest = z
  .object({
    apiKey: line().trim().min(10).max(500).nullable().optional().openapi({
      description: 'Stored encrypted, never returned; null removes it (messages then go to the outbox)',
    }),
    webhookPublicKeys: z.array(line().trim().min(40).max(400)).min(1).max(2).optional().openapi({
      description: 'SendGrid’s Event Webhook verification key (base64); two during a rotation',
    }),
    openTracking: z.boolean().optional().openapi({ description: 'SendGrid’s own open pixel (default on)' }),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'give at least one of apiKey, webhookPublicKeys, openTracking')
  .openapi('SendgridSettingsRequest');

export const SendgridSettings = z
  .object({
    ...SendgridState.shape,
    webhookUrl: z.string().openapi({
      description: 'Paste this into SendGrid’s Event Webhook settings',
      example: 'https://kaifu.example.com/webhooks/sendgrid/0193b7c2-5f1e-7a3d-9c41-2b8e6f0d4a17',
    }),
  })
  .openapi('SendgridSettings');

export const route = createRoute(
  authed('admin', {
    method: 'put',
    path: '/v1/workspace/sendgrid',
    operationId: 'updateSendgridSettings',
    tags: ['Workspace'],
    summary: 'Set the workspace’s SendGrid API key, webhook verification keys and open tracking',
    request: { body: jsonBody(SendgridSettingsRequest) },
    responses: {
      200: jsonContent(SendgridSettings, 'The settings (never the key)'),
      ...errorResponses(400, 413, 415),
    },
  }),
);

export function registerUpdateSendgrid(app: App) {
  app.openapi(route, async (c) => {
    const settings = await updateSendgridSettings({
      deps: c.get('deps'),
      actor: actorOf(c),
      input: c.req.valid('json'),
    });
    return c.json(settings, 200);
  });
}
