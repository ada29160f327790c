import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, Pagination, pageOf } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { getCampaign } from '../../services/campaigns/read-campaigns.js';
import { listOutbox } from '../../services/sending/outbox.js';
import { CampaignParams } from './schemas.js';

const OutboxEntry = z
  .object({
    id: z.uuid(),
    messageId: z.uuid().nullable(),
    to: z.string(),
    from: z.string(),
    subject: z.string(),
    html: z.string(),
    text: z.string(),
    headers: z.record(z.string(), z.string()),
    test: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('OutboxEntry');

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
