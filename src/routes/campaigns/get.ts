import { createRoute } from '@hono/zod-openapi';
import { authed, errorResponses, jsonContent } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { getCampaign } from '../../services/campaigns/read-campaigns.js';
import { CampaignParams, CampaignSchema } from './schemas.js';

export const route = createRoute(
  authed('analyst', {
    method: 'get',
    path: '/v1/campaigns/{id}',
    operationId: 'getCampaign',
    tags: ['Campaigns'],
    summary: 'One campaign with its variants and message counts by status',
    request: { params: CampaignParams },
    responses: { 200: jsonContent(CampaignSchema, 'The campaign'), ...errorResponses(400, 404) },
  }),
);

export function registerGetCampaign(app: App) {
  app.openapi(route, async (c) => {
    const campaign = await getCampaign({
      deps: c.get('deps'),
      workspaceId: c.get('auth').workspaceId,
      campaignId: c.req.valid('param').id,
    });
    return c.json(campaign, 200);
  });
}
