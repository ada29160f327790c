import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, jsonBody, jsonContent } from '../../http/openapi';
import { type App, actorOf } from '../../http/types';
import { testSend } from '../../services/sending/test-send';
import { CampaignParams } from './schemas';

export const TestSendRequest = z
  .object({ emails: z.array(z.email().max(254)).min(1).max(10), variantId: z.uuid().optional() })
  .strict()
  .openapi('TestSendRequest');

export const route = createRoute(
  authed('marketer', {
    method: 'post',
    path: '/v1/campaigns/{id}/test-send',
    tags: ['Campaigns'],
    summary: 'Send one variant to up to 10 addresses to check it; nothing is tracked',
    request: { params: CampaignParams, body: jsonBody(TestSendRequest) },
    responses: {
      200: jsonContent(z.object({ sent: z.number().int(), via: z.enum(['sendgrid', 'outbox']) }), 'Sent'),
      ...errorResponses(400, 404, 413, 415, 422),
    },
  }),
);

export function registerTestSend(app: App) {
  app.openapi(route, async (c) => {
    const { emails, variantId } = c.req.valid('json');
    const result = await testSend({
      deps: c.get('deps'),
      actor: actorOf(c),
      campaignId: c.req.valid('param').id,
      emails,
      variantId,
    });
    return c.json(result, 200);
  });
}
