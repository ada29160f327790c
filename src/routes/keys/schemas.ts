import { z } from '@hono/zod-openapi';
import { Role } from '../../services/keys/roles.js';

export const ApiKeySchema = z
  .object({
    id: z.string().uuid().openapi({
      description: 'The key’s id (UUIDv7), to revoke it by; never the key itself',
      example: '0193b7c2-6a04-7c81-8d2e-5f3a9b1c7e60',
    }),
    name: z.string().openapi({ description: 'A name to tell the key by', example: 'CRM sync' }),
    role: Role.openapi({
      description: 'What the key may do; roles nest: reader < analyst < marketer < admin',
      example: 'marketer',
    }),
    prefix: z
      .string()
      .openapi({ description: 'First characters of the key, to tell keys apart', example: 'kf_3xQ9aZ' }),
    state: z.enum(['active', 'expired', 'revoked']).openapi({
      description:
        'active: usable; expired: its expiresAt has passed; revoked: revoked (whatever its expiry). Only active keys authenticate',
      example: 'active',
    }),
    createdAt: z.string().datetime().openapi({
      description: 'When the key was created, ISO 8601 UTC',
      example: '2026-10-01T09:00:00.000Z',
    }),
    expiresAt: z.string().datetime().nullable().openapi({
      description: 'When the key stops working, ISO 8601 UTC; null if it never expires',
      example: '2027-10-01T00:00:00.000Z',
    }),
    revokedAt: z.string().datetime().nullable().openapi({
      description: 'When the key was revoked, ISO 8601 UTC; null until revoked',
      example: null,
    }),
  })
  .openapi('ApiKey');
