// zod as @hono/zod-openapi extends it: routes add .openapi() to these schemas, whatever loads first.
import { z } from '@hono/zod-openapi';

/** Roles nest: each one can do everything the ones before it can. */
export const Role = z.enum(['reader', 'analyst', 'marketer', 'admin']);
export type Role = z.infer<typeof Role>;

export function roleAllows(held: Role, needed: Role): boolean {
  return Role.options.indexOf(held) >= Role.options.indexOf(needed);
}
