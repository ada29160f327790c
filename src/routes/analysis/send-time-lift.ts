import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, jsonContent } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { sendTimeLift } from '../../services/send-times/send-time-lift.js';
import { Interval } from './schemas.js';

const ArmRateSchema = z
  .object({
    recipients: z.number().int().openapi({
      description: 'Messages sent at least `windowHours` ago: the ones counted',
      example: 480,
    }),
    opened: z.number().int().openapi({
      description: 'Of those, opened by a person within `windowHours` of sending',
      example: 118,
    }),
    rate: z.number().nullable().openapi({
      description: 'opened ÷ recipients; null with none counted yet',
      example: 0.246,
    }),
    ci: Interval,
    pending: z.number().int().openapi({
      description: 'Messages sent more recently: not counted until their window has passed',
      example: 0,
    }),
  })
  .openapi({ description: 'An arm’s human-open rate within the window' });

const Arms = z
  .object({
    optimized: ArmRateSchema.openapi({ description: 'Sent at the slot believed best' }),
    explore: ArmRateSchema.openapi({
      description: 'Sent at another slot, by Thompson sampling: in neither side',
    }),
    holdout: ArmRateSchema.openapi({ description: 'Sent as without Kaifu: the usual time, else `from`' }),
  })
  .openapi({ description: 'Each arm’s human-open rate within the window' });

const LiftSchema = z
  .object({
    estimate: z.number().openapi({ description: 'Optimized − holdout rate', example: 0.05 }),
    lower: z.number().openapi({ description: 'Lower bound of the 95% interval', example: 0.01 }),
    upper: z.number().openapi({ description: 'Upper bound of the 95% interval', example: 0.09 }),
  })
  .nullable()
  .openapi({ example: { estimate: 0.05, lower: 0.01, upper: 0.09 } });

const CampaignLiftSchema = z
  .object({
    campaignId: z.uuid().openapi({ description: 'The campaign' }),
    name: z.string().openapi({ description: 'Its name' }),
    arms: Arms,
    lift: LiftSchema.openapi({ description: 'Optimized − holdout, Newcombe’s 95% interval' }),
  })
  .openapi('CampaignLift');

const SendTimeLift = z
  .object({
    listId: z
      .uuid()
      .nullable()
      .openapi({ description: 'The list asked about; null for the whole workspace' }),
    windowHours: z.number().int().openapi({
      description: 'The outcome: a human open within this many hours of sending',
      example: 72,
    }),
    campaigns: z.array(CampaignLiftSchema).openapi({
      description: 'Every campaign with send times chosen by Kaifu, first sent first',
    }),
    pooled: z
      .object({
        arms: Arms,
        lift: LiftSchema.openapi({
          description:
            'Optimized − holdout over the campaigns: the Mantel–Haenszel difference (stratified by campaign, so a ' +
            'different mix of campaigns in the arms cannot pose as a lift) with Sato’s variance, 95% Wald interval',
        }),
        campaigns: z.number().int().openapi({
          description: 'Campaigns with counted recipients in both arms',
          example: 6,
        }),
      })
      .openapi({ description: 'All those campaigns together' }),
  })
  .openapi('SendTimeLift');

export const route = createRoute(
  authed('reader', {
    method: 'get',
    path: '/v1/analysis/send-time-lift',
    operationId: 'getSendTimeLift',
    tags: ['Send times'],
    summary: 'Does choosing send times help? Optimized against the holdout sent as without Kaifu',
    description:
      'Optimized schedules hold out a random share of recipients (`sendTime.holdoutShare`), sent at the ' +
      'workspace’s usual time (else at `from`). The outcome is a human open within 72 hours of sending, counted ' +
      'only once those hours have passed. Per campaign and pooled over campaigns.',
    request: {
      query: z.object({
        listId: z
          .uuid()
          .optional()
          .openapi({ description: 'One list’s campaigns; none: the whole workspace' }),
      }),
    },
    responses: { 200: jsonContent(SendTimeLift, 'The lift'), ...errorResponses(400, 404) },
  }),
);

export function registerSendTimeLift(app: App) {
  app.openapi(route, async (c) => {
    const result = await sendTimeLift({
      deps: c.get('deps'),
      workspaceId: c.get('auth').workspaceId,
      listId: c.req.valid('query').listId ?? null,
    });
    return c.json(result, 200);
  });
}
