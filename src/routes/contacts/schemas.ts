import { z } from '@hono/zod-openapi';
import { contactStatuses, leadSources } from '../../db/schema/index.js';

export const ContactSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string().nullable(),
    company: z.string().nullable(),
    timezone: z.string().nullable().openapi({ description: 'IANA zone; null → the workspace default' }),
    leadSource: z.enum(leadSources).nullable(),
    consent: z.object({ source: z.string(), at: z.string() }).nullable(),
    status: z.enum(contactStatuses),
    attributes: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    updatedAt: z.string(),
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
