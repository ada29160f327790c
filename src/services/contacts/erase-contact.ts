import { and, eq, inArray, isNull } from 'drizzle-orm';
import { contacts, events, listMembers, messages, suppressions } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { notFound } from '../../errors.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit/record-audit.js';
import { suppressionForStatus } from '../suppressions/status-for.js';

/**
 * Erases a contact's personal data at once: address, name, company, attributes, consent, and the IPs and user
 * agents (and raw provider payloads) of its events. What stays is anonymous — the row for counts, its messages' outcomes — and a salted
 * hash in suppressions, so a later re-import of the address is not mailed.
 */
export async function eraseContact({
  deps,
  actor,
  contactId,
}: {
  deps: Deps;
  actor: Actor;
  contactId: string;
}) {
  const now = deps.clock.now();
  const { workspaceId } = actor;
  await deps.db.transaction(async (tx) => {
    const [contact] = await tx
      .select()
      .from(contacts)
      .where(
        and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId), isNull(contacts.erasedAt)),
      )
      .for('update');
    if (!contact) throw notFound('Contact');
    if (contact.emailHash) {
      await tx
        .insert(suppressions)
        .values({
          workspaceId,
          emailHash: contact.emailHash,
          reason: suppressionForStatus(contact.status),
          source: 'erasure',
          createdAt: now,
        })
        .onConflictDoNothing();
    }
    await tx
      .update(contacts)
      .set({
        email: null,
        emailHash: null,
        name: null,
        company: null,
        timezone: null,
        consentSource: null,
        consentAt: null,
        attributes: {},
        status: contact.status === 'active' ? 'unsubscribed' : contact.status,
        erasedAt: now,
        updatedAt: now,
      })
      .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)));
    await tx
      .delete(listMembers)
      .where(and(eq(listMembers.workspaceId, workspaceId), eq(listMembers.contactId, contactId)));
    const theirMessages = tx
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.workspaceId, workspaceId), eq(messages.contactId, contactId)));
    await tx
      .update(events)
      .set({ ip: null, userAgent: null, raw: null })
      .where(and(eq(events.workspaceId, workspaceId), inArray(events.messageId, theirMessages)));
    await tx
      .update(messages)
      .set({ status: 'cancelled', lastError: 'contact erased' })
      .where(
        and(
          eq(messages.workspaceId, workspaceId),
          eq(messages.contactId, contactId),
          inArray(messages.status, ['scheduled', 'held']),
        ),
      );
    await recordAudit(tx, {
      workspaceId,
      actorKeyId: actor.keyId,
      action: 'contact.erased',
      targetType: 'contact',
      targetId: contactId,
      requestId: actor.requestId,
      at: now,
    });
  });
}
