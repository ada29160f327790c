import { and, eq, inArray } from 'drizzle-orm';
import { contacts, messages, suppressions } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import type { TokenClaims } from '../../tracking/tokens.js';

/**
 * One-click unsubscribe (RFC 8058): the contact stops, its address is suppressed, every message not yet sent to
 * it is cancelled. Idempotent; a token for a message that no longer exists (an erased contact) changes nothing.
 */
export async function unsubscribeByToken(
  deps: Deps,
  claims: TokenClaims,
): Promise<'unsubscribed' | 'already' | 'unknown'> {
  const now = deps.clock.now();
  const { workspaceId } = claims;
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ contactId: messages.contactId, status: contacts.status, emailHash: contacts.emailHash })
      .from(messages)
      .innerJoin(
        contacts,
        and(eq(contacts.workspaceId, messages.workspaceId), eq(contacts.id, messages.contactId)),
      )
      .where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, claims.messageId)));
    if (!row) return 'unknown';
    if (row.emailHash) {
      await tx
        .insert(suppressions)
        .values({
          workspaceId,
          emailHash: row.emailHash,
          reason: 'unsubscribed',
          source: 'one-click',
          createdAt: now,
        })
        .onConflictDoNothing();
    }
    await tx
      .update(messages)
      .set({ status: 'cancelled', lastError: 'contact unsubscribed' })
      .where(
        and(
          eq(messages.workspaceId, workspaceId),
          eq(messages.contactId, row.contactId),
          inArray(messages.status, ['scheduled', 'held']),
        ),
      );
    if (row.status !== 'active') return 'already';
    await tx
      .update(contacts)
      .set({ status: 'unsubscribed', updatedAt: now })
      .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, row.contactId)));
    return 'unsubscribed';
  });
}
