import { createRoute, z } from '@hono/zod-openapi';
import { langOf } from '../../http/middleware/language.js';
import { authed, errorResponses, jsonBody, jsonContent } from '../../http/openapi.js';
import { type App, actorOf } from '../../http/types.js';
import { scheduleCampaign } from '../../services/campaigns/schedule-campaign.js';
import { CampaignParams, CampaignSchema, ScheduleDoc, ScheduleSummarySchema } from './schemas.js';

export const ScheduleCampaignRequest = z
  .object({ schedule: ScheduleDoc.optional() })
  .strict()
  .openapi('ScheduleCampaignRequest', {
    description: 'Without `schedule`, the campaign’s stored one is used',
  });

export const route = createRoute(
  authed('marketer', {
    method: 'post',
    path: '/v1/campaigns/{id}/schedule',
    operationId: 'scheduleCampaign',
    tags: ['Campaigns'],
    summary: 'Schedule a draft: one message per eligible recipient, each at its UTC send time',
    description:
      'Unsubscribed, bounced, complained and suppressed contacts are left out and counted. Refused (422) until ' +
      'the workspace has a sender name, email and postal address.',
    request: { params: CampaignParams, body: { ...jsonBody(ScheduleCampaignRequest), required: false } },
    responses: {
      200: jsonContent(z.object({ campaign: CampaignSchema, summary: ScheduleSummarySchema }), 'Scheduled'),
      ...errorResponses(400, 404, 409, 413, 415, 422),
    },
  }),
);

export function registerScheduleCampaign(app: App) {
  app.openapi(route, async (c) => {
    const result = await scheduleCampaign({
      deps: c.get('deps'),
      actor: actorOf(c),
      campaignId: c.req.valid('param').id,
      schedule: c.req.valid('json').schedule,
      lang: langOf(c),
    });
    return c.json(result, 200);
  });
}
