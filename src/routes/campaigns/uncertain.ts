import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, jsonBody, jsonContent } from '../../http/openapi.js';
import { type App, actorOf } from '../../http/types.js';
import { resolveUncertain } from '../../services/sending/uncertain.js';
import { CampaignParams } from './schemas.js';

export const route = createRoute(
  authed('marketer', {
    method: 'post',
    path: '/v1/campaigns/{id}/uncertain',
    tags: ['Campaigns'],
    summary: 'Resend or drop messages whose send is uncertain',
    description:
      'A batch whose request may have reached SendGrid (the process died, or the connection broke mid-request) ' +
      'is never sent again blindly. SendGrid’s processed/delivered events settle it; with none after 15 minutes ' +
      'it is sent again. A workspace without an Event Webhook cannot get those events, so its uncertain messages ' +
      'wait here for a decision.',
    request: {
      params: CampaignParams,
      body: jsonBody(
        z
          .object({ action: z.enum(['resend', 'drop']) })
          .strict()
          .openapi('ResolveUncertainRequest'),
      ),
    },
    responses: {
      200: jsonContent(z.object({ action: z.enum(['resend', 'drop']), messages: z.number().int() }), 'Done'),
      ...errorResponses(400, 404, 413, 415),
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
