import { z } from '@hono/zod-openapi';
import { line } from '../../lib/text.js';

export const ListSchema = z
  .object({
    id: z.uuid().openapi({
      description: 'The list’s id (UUIDv7)',
      example: '0193b7c2-8c26-7ea3-8f40-7b5c1d3e9a82',
    }),
    name: z.string().openapi({ description: 'Unique in the workspace', example: 'Webinar 2026-10' }),
    description: z
      .string()
      .nullable()
      .openapi({ description: 'Null if none was given', example: 'Signed up for the October webinar' }),
    members: z
      .number()
      .int()
      .openapi({ description: 'Contacts on the list, whatever their status', example: 250 }),
    activeMembers: z
      .number()
      .int()
      .openapi({ description: 'Members who may be mailed (status active)', example: 241 }),
    createdAt: z.string().datetime().openapi({
      description: 'When the list was created, ISO 8601 UTC',
      example: '2026-10-01T09:00:00.000Z',
    }),
  })
  .openapi('List');

const MAX_REFS = 10_000;

export const MemberRefsRequest = z
  .union([
    z.object({ contactIds: z.array(z.uuid()).min(1).max(MAX_REFS) }).strict(),
    z.object({ emails: z.array(line().trim().min(3).max(254)).min(1).max(MAX_REFS) }).strict(),
  ])
  .openapi('MemberRefs', { description: 'Either contactIds or emails' });

export const ListParams = z.object({ id: z.uuid() });

export const NotFoundRefs = z.array(z.string()).openapi({
  description: 'Ids, or emails lower-cased, that match no contact here (an erased contact matches none)',
  example: ['nobody@example.com'],
});
