import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, jsonBody, jsonContent } from '../../http/openapi.js';
import { type App, actorOf } from '../../http/types.js';
import { TEST_SENDS_PER_MINUTE, testSend } from '../../services/sending/test-send.js';
import { CampaignParams } from './schemas.js';

export const TestSendRequest = z
  .object({ emails: z.array(z.email().max(254)).min(1).max(10), variantId: z.uuid().optional() })
  .strict()
  .openapi('TestSendRequest');

const TestSendResult = z
  .object({
    sent: z.number().int().openapi({ description: 'Addresses mailed' }),
    via: z
      .enum(['sendgrid', 'outbox'])
      .nullable()
      .openapi({ description: 'Where the mail went; null when every address was skipped' }),
    testSendId: z
      .uuid()
      .openapi({ description: 'In custom_args as kaifu_test_send_id: events for it name it' }),
    skipped: z
      .array(
        z.object({
          email: z.string().openapi({ description: 'The address, trimmed and lower-cased' }),
          reason: z.string().openapi({
            description:
              'Why it may not be mailed: the suppression’s reason (unsubscribed, bounced, complained, erased, ' +
              'manual), else the status of its contact',
            example: 'unsubscribed',
          }),
        }),
      )
      .openapi({
        description: 'Suppressed addresses, not mailed: unsubscribed, bounced, complained, erased, manual',
      }),
  })
  .openapi('TestSendResult');

export const route = createRoute(
  authed('marketer', {
    method: 'post',
    path: '/v1/campaigns/{id}/test-send',
    operationId: 'sendTestMail',
    tags: ['Campaigns'],
    summary: 'Send one variant to up to 10 addresses to check it; nothing is tracked',
    description: `Suppressed addresses are skipped and listed. At most ${TEST_SENDS_PER_MINUTE} test sends a minute per workspace.`,
    request: { params: CampaignParams, body: jsonBody(TestSendRequest) },
    responses: {
      200: jsonContent(TestSendResult, 'Sent to every address that may be mailed; the others skipped'),
      ...errorResponses(400, 404, 413, 415, 422, 429),
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
