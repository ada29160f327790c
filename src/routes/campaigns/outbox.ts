import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, Pagination, pageOf } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { getCampaign } from '../../services/campaigns/read-campaigns.js';
import { listOutbox } from '../../services/sending/outbox.js';
import { CampaignParams } from './schemas.js';

const OutboxEntry = z
  .object({
    id: z.uuid().openapi({ description: 'The entry’s id (UUIDv7, so newest first is id order)' }),
    messageId: z
      .uuid()
      .nullable()
      .openapi({ description: 'The campaign message it renders; null for a test send' }),
    to: z.string().openapi({ description: 'Recipient address', example: 'aiko@example.com' }),
    from: z.string().openapi({ description: 'Sender address (the campaign’s from.email)' }),
    subject: z
      .string()
      .openapi({ description: 'Subject with merge fields filled in; test sends start with [TEST]' }),
    html: z.string().openapi({
      description:
        'HTML body as it would have gone out: merge fields filled in, the recipient’s signed tracking and live ' +
        'unsubscribe links (a test send’s links lead straight to their targets, nothing tracked)',
    }),
    text: z.string().openapi({ description: 'Plain-text body as sent, filled in the same way' }),
    headers: z.record(z.string(), z.string()).openapi({
      description: 'The recipient’s own headers: List-Unsubscribe and List-Unsubscribe-Post',
    }),
    test: z.boolean().openapi({ description: 'True for a test send (POST /v1/campaigns/{id}/test-send)' }),
    createdAt: z
      .string()
      .openapi({ description: 'When it was put in the outbox (when it would have gone out), UTC ISO 8601' }),
  })
  .openapi('OutboxEntry', {
    description:
      'One recipient’s mail, rendered exactly as SendGrid would have built it, kept instead of sending',
  });

export const route = createRoute(
  authed('marketer', {
    method: 'get',
    path: '/v1/campaigns/{id}/outbox',
    operationId: 'listCampaignOutbox',
    description:
      'Marketers and above: rendered mail holds its recipients’ live unsubscribe links, which act for them.',
    tags: ['Campaigns'],
    summary: 'What went to the outbox (no SendGrid key, or test sends), fully rendered, newest first',
    request: { params: CampaignParams, query: Pagination },
    responses: {
      200: pageOf(OutboxEntry),
      ...errorResponses(400, 404),
    },
  }),
);

export function registerCampaignOutbox(app: App) {
  app.openapi(route, async (c) => {
    const deps = c.get('deps');
    const { workspaceId } = c.get('auth');
    const campaignId = c.req.valid('param').id;
    await getCampaign({ deps, workspaceId, campaignId });
    const { limit, cursor } = c.req.valid('query');
    return c.json(await listOutbox({ deps, workspaceId, campaignId, limit, cursor }), 200);
  });
}
