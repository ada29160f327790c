import { createRoute, z } from '@hono/zod-openapi';
import { campaignStatuses } from '../../db/schema/index.js';
import { authed, errorResponses, Pagination, pageOf } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { listCampaigns } from '../../services/campaigns/read-campaigns.js';
import { CampaignSchema } from './schemas.js';

export const route = createRoute(
  authed('analyst', {
    method: 'get',
    path: '/v1/campaigns',
    operationId: 'listCampaigns',
    tags: ['Campaigns'],
    summary: 'Campaigns, newest first',
    request: { query: Pagination.extend({ status: z.enum(campaignStatuses).optional() }) },
    responses: {
      200: pageOf(CampaignSchema),
      ...errorResponses(400),
    },
  }),
);

export function registerListCampaigns(app: App) {
  app.openapi(route, async (c) => {
    const { limit, cursor, status } = c.req.valid('query');
    const page = await listCampaigns({
      deps: c.get('deps'),
      workspaceId: c.get('auth').workspaceId,
      status,
      limit,
      cursor,
    });
    return c.json(page, 200);
  });
}
