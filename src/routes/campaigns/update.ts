import { createRoute } from '@hono/zod-openapi';
import { authed, errorResponses, jsonBody, jsonContent } from '../../http/openapi.js';
import { type App, actorOf } from '../../http/types.js';
import { updateCampaign } from '../../services/campaigns/write-campaigns.js';
import { CampaignParams, CampaignSchema, UpdateCampaignRequest } from './schemas.js';

export const route = createRoute(
  authed('marketer', {
    method: 'patch',
    path: '/v1/campaigns/{id}',
    operationId: 'updateCampaign',
    tags: ['Campaigns'],
    summary: 'Change a draft (variants, when given, replace the whole set)',
    request: { params: CampaignParams, body: jsonBody(UpdateCampaignRequest) },
    responses: {
      200: jsonContent(CampaignSchema, 'The draft'),
      ...errorResponses(400, 404, 409, 413, 415, 422),
    },
  }),
);

export function registerUpdateCampaign(app: App) {
  app.openapi(route, async (c) => {
    const campaign = await updateCampaign({
      deps: c.get('deps'),
      actor: actorOf(c),
      campaignId: c.req.valid('param').id,
      patch: c.req.valid('json'),
    });
    return c.json(campaign, 200);
  });
}
