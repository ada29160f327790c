import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { contacts, listMembers, lists } from '../../db/schema/index.js';
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
  const [clash] = await deps.db
    .select({ id: lists.id })
    .from(lists)
    .where(and(eq(lists.workspaceId, actor.workspaceId), eq(lists.name, input.name)));
  if (clash)
    throw new ApiError('conflict', `A list named "${input.name}" exists already`, { listId: clash.id });
  const [row] = await deps.db
    .insert(lists)
    .values({
      workspaceId: actor.workspaceId,
      id: uuidv7(now.getTime()),
      name: input.name,
      description: input.description ?? null,
      createdAt: now,
    })
    .returning();
  if (!row) throw new Error('list insert returned nothing');
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
  const rows = await deps.db
    .select({
      list: lists,
      members: sql<number>`count(${contacts.id})::int`,
      active: sql<number>`count(${contacts.id}) filter (where ${contacts.status} = 'active')::int`,
    })
    .from(lists)
    .leftJoin(
      listMembers,
      and(eq(listMembers.workspaceId, lists.workspaceId), eq(listMembers.listId, lists.id)),
    )
    .leftJoin(
      contacts,
      and(
        eq(contacts.workspaceId, listMembers.workspaceId),
        eq(contacts.id, listMembers.contactId),
        isNull(contacts.erasedAt),
      ),
    )
    .where(and(eq(lists.workspaceId, workspaceId), listId ? eq(lists.id, listId) : undefined))
    .groupBy(lists.workspaceId, lists.id)
    .orderBy(asc(lists.id));
  return rows.map((r) => presentList(r.list, r.members, r.active));
}

/** Whether the workspace has this list: one index probe, not the member counts getList adds up. */
export async function listExists(db: Db, workspaceId: string, listId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: lists.id })
    .from(lists)
    .where(and(eq(lists.workspaceId, workspaceId), eq(lists.id, listId)));
  return row !== undefined;
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
