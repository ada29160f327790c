import { z } from '@hono/zod-openapi';
import { WorkspaceSendTime } from '../../services/send-times/workspace-send-time.js';

/** What is stored of a workspace's SendGrid settings (never the key itself). */
export const SendgridState = z.object({
  configured: z.boolean().openapi({
    description: 'Whether a SendGrid API key is stored; without one, messages go to the outbox',
    example: true,
  }),
  webhookKeys: z.number().int().openapi({
    description:
      'Event Webhook verification keys stored: 0 (webhook posts are refused), 1, or 2 during a rotation',
    example: 1,
  }),
  openTracking: z.boolean().openapi({
    description: 'Whether SendGrid adds its own open pixel to messages',
    example: true,
  }),
});

export const WorkspaceSchema = z
  .object({
    id: z.string().uuid().openapi({
      description: 'The workspace’s id (UUIDv7); also the last path segment of its SendGrid webhook URL',
      example: '0193b7c2-5f1e-7a3d-9c41-2b8e6f0d4a17',
    }),
    name: z.string().openapi({ description: 'The workspace’s name', example: 'Acme Japan' }),
    defaultTimezone: z.string().openapi({
      description: 'IANA time zone for contacts that have none of their own; UTC unless changed',
      example: 'Asia/Tokyo',
    }),
    attributionDays: z
      .number()
      .int()
      .openapi({ description: 'Conversion attribution window, days', example: 30 }),
    kpiPriorStrength: z
      .number()
      .int()
      .openapi({
        description:
          'Observations the KPI plan’s assumed rates (the month’s defaults, else 10%) are worth against the ' +
          'workspace’s history: the plan’s rates are beta-binomial posteriors with this prior strength',
        example: 20,
      }),
    sendTime: WorkspaceSendTime.openapi({
      description: 'How optimized schedules learn by default: exploration, holdout and the usual send time',
    }),
    sender: z
      .object({
        name: z.string().openapi({
          description: 'Sender name printed in every message’s footer',
          example: 'Acme Japan K.K.',
        }),
        email: z.string().openapi({
          description: 'Sender contact address; messages go out from each campaign’s own from address',
          example: 'marketing@acme.example',
        }),
        postalAddress: z.string().openapi({
          description: 'Postal address printed in every message’s footer; may span lines',
          example: '1-2-3 Marunouchi, Chiyoda-ku, Tokyo 100-0005',
        }),
      })
      .nullable()
      .openapi({ description: 'Sender identity and postal address every message carries; null until set' }),
    sendgrid: SendgridState.openapi({ description: 'SendGrid settings, never the API key itself' }),
    createdAt: z.string().datetime().openapi({
      description: 'When the workspace was created, ISO 8601 UTC',
      example: '2026-09-01T00:00:00.000Z',
    }),
    updatedAt: z.string().datetime().openapi({
      description: 'When its settings last changed, ISO 8601 UTC',
      example: '2026-10-01T09:30:00.000Z',
    }),
  })
  .openapi('Workspace');
