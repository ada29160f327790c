import { createRoute } from '@hono/zod-openapi';
import { authed, errorResponses, jsonBody, jsonContent } from '../../http/openapi.js';
import { type App, actorOf } from '../../http/types.js';
import { createCampaign } from '../../services/campaigns/write-campaigns.js';
import { CampaignSchema, CreateCampaignRequest } from './schemas.js';

export const route = createRoute(
  authed('marketer', {
    method: 'post',
    path: '/v1/campaigns',
    operationId: 'createCampaign',
    tags: ['Campaigns'],
    summary: 'Create a draft campaign with 1 to 8 subject variants',
    description: 'The first variant is the control. Schedule it with POST /v1/campaigns/{id}/schedule.',
    request: { body: jsonBody(CreateCampaignRequest) },
    responses: { 201: jsonContent(CampaignSchema, 'The draft'), ...errorResponses(400, 413, 415, 422) },
  }),
);

export function registerCreateCampaign(app: App) {
  app.openapi(route, async (c) => {
    return c.json(
      await createCampaign({ deps: c.get('deps'), actor: actorOf(c), input: c.req.valid('json') }),
      201,
    );
  });
}
