import type { Db } from '../../db/client.js';
import { findListIdByName, hasList, insertList, listsWithCounts } from '../../db/queries/lists.js';
import type { lists } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { ApiError, notFound } from '../../errors.js';
import { uuidv7 } from '../../lib/ids.js';
import type { Actor } from '../actor.js';

type ListRow = typeof lists.$inferSelect;

function presentList(row: ListRow, members: number, activeMembers: number) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    members,
    activeMembers,
    createdAt: row.createdAt.toISOString(),
  };
}

export type ListView = ReturnType<typeof presentList>;

export async function createList({
  deps,
  actor,
  input,
}: {
  deps: Deps;
  actor: Actor;
  input: { name: string; description?: string | undefined };
}): Promise<ListView> {
  const now = deps.clock.now();
  const clash = await findListIdByName(deps.db, actor.workspaceId, input.name);
  if (clash) throw new ApiError('conflict', `A list named "${input.name}" exists already`, { listId: clash });
  const row = await insertList(deps.db, {
    workspaceId: actor.workspaceId,
    id: uuidv7(now.getTime()),
    name: input.name,
    description: input.description ?? null,
    createdAt: now,
  });
  return presentList(row, 0, 0);
}

/** Lists with member counts (all members, and those who can be mailed). */
export async function listLists({
  deps,
  workspaceId,
  listId,
}: {
  deps: Deps;
  workspaceId: string;
  listId?: string;
}) {
  const rows = await listsWithCounts(deps.db, workspaceId, listId);
  return rows.map((r) => presentList(r.list, r.members, r.active));
}

/** Whether the workspace has this list: one index probe, not the member counts getList adds up. */
export async function listExists({
  db,
  workspaceId,
  listId,
}: {
  db: Db;
  workspaceId: string;
  listId: string;
}): Promise<boolean> {
  return hasList(db, workspaceId, listId);
}

export async function getList({
  deps,
  workspaceId,
  listId,
}: {
  deps: Deps;
  workspaceId: string;
  listId: string;
}) {
  const [list] = await listLists({ deps, workspaceId, listId });
  if (!list) throw notFound('List');
  return list;
}
