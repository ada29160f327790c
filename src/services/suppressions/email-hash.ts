import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { workspaces } from '../../db/schema';
import { notFound } from '../../errors';
import { sha256Hex } from '../../lib/crypto';

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** Salted hash of an address: how a suppression remembers someone after their contact is erased. */
export const emailHash = (salt: string, email: string): Promise<string> =>
  sha256Hex(`${salt}:${normalizeEmail(email)}`);

export async function workspaceSalt(db: Db, workspaceId: string): Promise<string> {
  const [row] = await db
    .select({ salt: workspaces.emailHashSalt })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  if (!row) throw notFound('Workspace');
  return row.salt;
}
