import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { contacts, listMembers, lists } from '../schema/index.js';

type ListRow = typeof lists.$inferSelect;

/** The id of the workspace's list of this name, if it has one. */
export async function findListIdByName(
  db: Db,
  workspaceId: string,
  name: string,
): Promise<string | undefined> {
  const [row] = await db
    .select({ id: lists.id })
    .from(lists)
    .where(and(eq(lists.workspaceId, workspaceId), eq(lists.name, name)));
  return row?.id;
}

/** Stores a new list and answers its row. */
export async function insertList(db: Db, values: typeof lists.$inferInsert): Promise<ListRow> {
  const [row] = await db.insert(lists).values(values).returning();
  if (!row) throw new Error('list insert returned nothing');
  return row;
}

/** The workspace's lists (or the one list) by id, each with its members and those who can be mailed (active). */
export async function listsWithCounts(
  db: Db,
  workspaceId: string,
  listId?: string,
): Promise<{ list: ListRow; members: number; active: number }[]> {
  return db
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
}

/** Whether the workspace has this list: one index probe, not the member counts listsWithCounts adds up. */
export async function hasList(db: Db, workspaceId: string, listId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: lists.id })
    .from(lists)
    .where(and(eq(lists.workspaceId, workspaceId), eq(lists.id, listId)));
  return row !== undefined;
}

/** Adds contacts to a list; answers the ones added (members already are left as they were). */
export async function insertListMembers(
  db: Db,
  workspaceId: string,
  listId: string,
  contactIds: string[],
  now: Date,
): Promise<{ contactId: string }[]> {
  return db
    .insert(listMembers)
    .values(contactIds.map((contactId) => ({ workspaceId, listId, contactId, addedAt: now })))
    .onConflictDoNothing()
    .returning({ contactId: listMembers.contactId });
}

/** Takes contacts off a list; answers the ones that were members. */
export async function deleteListMembers(
  db: Db,
  workspaceId: string,
  listId: string,
  contactIds: string[],
): Promise<{ contactId: string }[]> {
  return db
    .delete(listMembers)
    .where(
      and(
        eq(listMembers.workspaceId, workspaceId),
        eq(listMembers.listId, listId),
        inArray(listMembers.contactId, contactIds),
      ),
    )
    .returning({ contactId: listMembers.contactId });
}

/** Takes a contact off every list of the workspace (its erasure). */
export async function deleteMembershipsOf(db: Db, workspaceId: string, contactId: string): Promise<void> {
  await db
    .delete(listMembers)
    .where(and(eq(listMembers.workspaceId, workspaceId), eq(listMembers.contactId, contactId)));
}
