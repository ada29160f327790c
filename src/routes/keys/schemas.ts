import { z } from '@hono/zod-openapi';
import { Role } from '../../services/keys/roles.js';

export const ApiKeySchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    role: Role,
    prefix: z.string().openapi({ description: 'First characters of the key, to tell keys apart' }),
    state: z.enum(['active', 'expired', 'revoked']),
    createdAt: z.string().datetime(),
    expiresAt: z.string().datetime().nullable(),
    revokedAt: z.string().datetime().nullable(),
  })
  .openapi('ApiKey');
