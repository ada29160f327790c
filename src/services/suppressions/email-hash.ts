import type { Db } from '../../db/client.js';
import { emailHashSalt } from '../../db/queries/suppressions.js';
import { notFound } from '../../errors.js';
import { sha256Hex } from '../../lib/crypto.js';

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** Salted hash of an address: how a suppression remembers someone after their contact is erased. */
export const emailHash = (salt: string, email: string): Promise<string> =>
  sha256Hex(`${salt}:${normalizeEmail(email)}`);

export async function workspaceSalt({ db, workspaceId }: { db: Db; workspaceId: string }): Promise<string> {
  const salt = await emailHashSalt(db, workspaceId);
  if (salt === undefined) throw notFound('Workspace');
  return salt;
}
