import { z } from '@hono/zod-openapi';

export const WorkspaceSchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    defaultTimezone: z.string().openapi({ example: 'Asia/Tokyo' }),
    attributionDays: z.number().int().openapi({ description: 'Conversion attribution window, days' }),
    sender: z
      .object({ name: z.string(), email: z.string(), postalAddress: z.string() })
      .nullable()
      .openapi({ description: 'Sender identity and postal address every message carries; null until set' }),
    sendgrid: z.object({
      configured: z.boolean(),
      webhookKeys: z.number().int(),
      openTracking: z.boolean(),
    }),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
  })
  .openapi('Workspace');
