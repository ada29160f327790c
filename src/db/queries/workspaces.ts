import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { workspaces } from '../schema/index.js';

type WorkspaceRow = typeof workspaces.$inferSelect;

/**
 * Takes the lock under which first start checks for a workspace and creates one, until the transaction ends:
 * two copies starting at once must not both create it.
 */
export async function lockFirstWorkspace(db: Db): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext('kaifu:first-workspace'))`);
}

/** Whether any workspace exists at all (the operator's first-start check, across workspaces). */
export async function anyWorkspaceExists(db: Db): Promise<boolean> {
  const [existing] = await db.select({ id: workspaces.id }).from(workspaces).limit(1);
  return existing !== undefined;
}

/** Stores a new workspace. */
export async function insertWorkspaceRow(db: Db, values: typeof workspaces.$inferInsert): Promise<void> {
  await db.insert(workspaces).values(values);
}

/** The workspace with this id. */
export async function findWorkspace(db: Db, workspaceId: string): Promise<WorkspaceRow | undefined> {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
  return row;
}

/** Writes settings to the workspace (stamping updated_at) and answers its row after them. */
export async function updateWorkspaceRow(
  db: Db,
  workspaceId: string,
  changes: Partial<WorkspaceRow>,
  now: Date,
): Promise<WorkspaceRow | undefined> {
  const [row] = await db
    .update(workspaces)
    .set({ ...changes, updatedAt: now })
    .where(eq(workspaces.id, workspaceId))
    .returning();
  return row;
}
