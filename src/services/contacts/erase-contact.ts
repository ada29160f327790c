import {
  blankErasedContact,
  cancelUnsentMail,
  findLiveContact,
  forgetEventDetailsOf,
} from '../../db/queries/contacts.js';
import { deleteMembershipsOf } from '../../db/queries/lists.js';
import { suppressAddresses } from '../../db/queries/suppressions.js';
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
    const contact = await findLiveContact(tx, workspaceId, { id: contactId }, { forUpdate: true });
    if (!contact) throw notFound('Contact');
    if (contact.emailHash) {
      await suppressAddresses(tx, [
        {
          workspaceId,
          emailHash: contact.emailHash,
          reason: suppressionForStatus(contact.status),
          source: 'erasure',
          createdAt: now,
        },
      ]);
    }
    const status = contact.status === 'active' ? 'unsubscribed' : contact.status;
    await blankErasedContact(tx, workspaceId, contactId, status, now);
    await deleteMembershipsOf(tx, workspaceId, contactId);
    await forgetEventDetailsOf(tx, workspaceId, contactId);
    await cancelUnsentMail(tx, workspaceId, contactId, 'contact erased');
    await recordAudit({
      db: tx,
      entry: {
        workspaceId,
        actorKeyId: actor.keyId,
        action: 'contact.erased',
        targetType: 'contact',
        targetId: contactId,
        requestId: actor.requestId,
        at: now,
      },
    });
  });
}
