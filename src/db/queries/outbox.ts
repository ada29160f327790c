import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../client.js';
import { outbox } from '../schema/index.js';

/** The outbox: mail of a workspace without a SendGrid key (and test sends), kept fully rendered to look at. */

type OutboxRow = typeof outbox.$inferSelect;

/** Stores rendered mails in the outbox, one row per recipient. */
export async function insertOutboxMails(db: Db, rows: (typeof outbox.$inferInsert)[]): Promise<void> {
  await db.insert(outbox).values(rows);
}

/** Up to `limit` of the campaign's outbox mails, newest first, older than `cursor`. */
export async function outboxBefore(
  db: Db,
  workspaceId: string,
  campaignId: string,
  page: { cursor?: string | undefined; limit: number },
): Promise<OutboxRow[]> {
  return db
    .select()
    .from(outbox)
    .where(
      and(
        eq(outbox.workspaceId, workspaceId),
        eq(outbox.campaignId, campaignId),
        page.cursor ? lt(outbox.id, page.cursor) : undefined,
      ),
    )
    .orderBy(desc(outbox.id))
    .limit(page.limit);
}
