import { z } from '@hono/zod-openapi';
import { line } from '../../lib/text.js';

export const ListSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    members: z.number().int(),
    activeMembers: z.number().int().openapi({ description: 'Members who may be mailed' }),
    createdAt: z.string(),
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

export const NotFoundRefs = z
  .array(z.string())
  .openapi({ description: 'Ids or emails that match no contact here' });
