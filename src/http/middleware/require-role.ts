import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../../errors.js';
import { type Role, roleAllows } from '../../services/keys/roles.js';
import type { AppEnv } from '../types.js';

export function requireRole(needed: Role): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { role } = c.get('auth');
    if (!roleAllows(role, needed)) {
      throw new ApiError('forbidden', `This needs a key with role ${needed} or above; this key is ${role}`);
    }
    await next();
  };
}
