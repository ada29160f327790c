import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { workspaces } from '../../db/schema/index.js';
import { notFound } from '../../errors.js';
import { sha256Hex } from '../../lib/crypto.js';

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
