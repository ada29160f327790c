import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, jsonContent } from '../../http/openapi.js';
import { type App, actorOf } from '../../http/types.js';
import { cancelCampaign } from '../../services/campaigns/schedule-campaign.js';
import { CampaignParams, CampaignSchema } from './schemas.js';

export const route = createRoute(
  authed('marketer', {
    method: 'post',
    path: '/v1/campaigns/{id}/cancel',
    operationId: 'cancelCampaign',
    tags: ['Campaigns'],
    summary: 'Cancel: every message not yet sent is cancelled',
    request: { params: CampaignParams },
    responses: {
      200: jsonContent(
        z.object({
          campaign: CampaignSchema,
          cancelledMessages: z
            .number()
            .int()
            .openapi({
              description:
                'Messages this call cancelled (scheduled or held ones); 0 when it was cancelled already. Those ' +
                'being sent or uncertain are left as they are',
            }),
        }),
        'Cancelled',
      ),
      ...errorResponses(400, 404, 409),
    },
  }),
);

export function registerCancelCampaign(app: App) {
  app.openapi(route, async (c) => {
    const result = await cancelCampaign({
      deps: c.get('deps'),
      actor: actorOf(c),
      campaignId: c.req.valid('param').id,
    });
    return c.json(result, 200);
  });
}
