import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, jsonBody, jsonContent } from '../../http/openapi.js';
import { type App, actorOf } from '../../http/types.js';
import { resolveUncertain, UNCERTAIN_ACTIONS } from '../../services/sending/uncertain.js';
import { CampaignParams } from './schemas.js';

export const route = createRoute(
  authed('marketer', {
    method: 'post',
    path: '/v1/campaigns/{id}/uncertain',
    operationId: 'resolveUncertainSends',
    tags: ['Campaigns'],
    summary: 'Mark sent, resend or drop messages whose send is uncertain',
    description:
      'Kaifu mails each recipient at most once. A batch whose request may have reached SendGrid (the process ' +
      'died, the request timed out, the connection broke mid-request) is never sent again on a timer: ' +
      'SendGrid’s processed/delivered events settle it for up to 24 hours, after which its campaign completes ' +
      'with the uncertain count in `progress.uncertain`. Here the operator decides: `mark_sent` counts them ' +
      'sent (as of their request), `resend` schedules them again now (some may then get the mail twice), `drop` ' +
      'gives them up as failed. Each decision is audited. 409 for `resend` on a cancelled campaign.',
    request: {
      params: CampaignParams,
      body: jsonBody(
        z
          .object({
            action: z.enum(UNCERTAIN_ACTIONS).openapi({
              description: 'mark_sent: count them sent; resend: send again now; drop: give up as failed.',
              example: 'mark_sent',
            }),
          })
          .strict()
          .openapi('ResolveUncertainRequest'),
      ),
    },
    responses: {
      200: jsonContent(
        z.object({
          action: z
            .enum(UNCERTAIN_ACTIONS)
            .openapi({ description: 'The decision taken, as asked', example: 'mark_sent' }),
          messages: z
            .number()
            .int()
            .openapi({ description: 'How many uncertain messages the decision moved.' }),
        }),
        'Done',
      ),
      ...errorResponses(400, 404, 409, 413, 415),
    },
  }),
);

export function registerResolveUncertain(app: App) {
  app.openapi(route, async (c) => {
    const result = await resolveUncertain({
      deps: c.get('deps'),
      actor: actorOf(c),
      campaignId: c.req.valid('param').id,
      action: c.req.valid('json').action,
    });
    return c.json(result, 200);
  });
}
