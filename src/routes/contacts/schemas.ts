import { z } from '@hono/zod-openapi';
import { contactStatuses, leadSources } from '../../db/schema/index.js';

export const ContactSchema = z
  .object({
    id: z.uuid().openapi({
      description: 'The contact’s id (UUIDv7)',
      example: '0193b7c2-7b15-7d92-9e3f-6a4b0c2d8f71',
    }),
    email: z.string().openapi({
      description: 'The address, lower-cased; unique in the workspace',
      example: 'sato@example.jp',
    }),
    name: z
      .string()
      .nullable()
      .openapi({ description: 'Null until an import gives one', example: '佐藤 花子' }),
    company: z
      .string()
      .nullable()
      .openapi({ description: 'Null until an import gives one', example: '佐藤商事' }),
    timezone: z
      .string()
      .nullable()
      .openapi({ description: 'IANA zone; null → the workspace default', example: 'Asia/Tokyo' }),
    leadSource: z.enum(leadSources).nullable().openapi({
      description:
        'Whether the lead came inbound or was reached outbound; null (reported as unknown) if never given',
      example: 'inbound',
    }),
    consent: z
      .object({
        source: z.string().openapi({
          description: 'Where the contact consented, as the importer named it',
          example: 'webinar-2026-10',
        }),
        at: z.string().openapi({
          description: 'When the contact consented, ISO 8601 UTC',
          example: '2026-10-01T05:00:00.000Z',
        }),
      })
      .nullable()
      .openapi({ description: 'The consent last imported for the contact; null if none is on record' }),
    status: z.enum(contactStatuses).openapi({
      description:
        'active: may be mailed; unsubscribed, bounced (hard bounce) or complained (spam report): not mailed. ' +
        'Only unsubscribes, provider events and suppressions change it, never an import',
      example: 'active',
    }),
    attributes: z.record(z.string(), z.unknown()).openapi({
      description: 'Custom fields from imports (strings, numbers, booleans or null), merged across imports',
      example: { plan: 'pro', seats: 12 },
    }),
    createdAt: z.string().datetime().openapi({
      description: 'When the contact was first imported, ISO 8601 UTC',
      example: '2026-10-01T09:00:00.000Z',
    }),
    updatedAt: z.string().datetime().openapi({
      description: 'When an import or a status change last touched it, ISO 8601 UTC',
      example: '2026-10-02T03:15:00.000Z',
    }),
  })
  .openapi('Contact');

export const ContactInputDoc = z
  .object({
    email: z.email(),
    name: z.string().optional(),
    company: z.string().optional(),
    timezone: z.string().optional().openapi({ example: 'Asia/Tokyo' }),
    leadSource: z.enum(leadSources).optional(),
    consent: z
      .object({ source: z.string().openapi({ example: 'webinar-2026-10' }), at: z.string() })
      .optional()
      .openapi({ description: 'Required for an address new to the workspace' }),
    attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  })
  .openapi('ContactInput');
