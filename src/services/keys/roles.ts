import { z } from 'zod';

/** Roles nest: each one can do everything the ones before it can. */
export const Role = z.enum(['reader', 'analyst', 'marketer', 'admin']);
export type Role = z.infer<typeof Role>;

export function roleAllows(held: Role, needed: Role): boolean {
  return Role.options.indexOf(held) >= Role.options.indexOf(needed);
}
