import {
  liftSuppressions,
  reactivateContactsByHash,
  stopActiveContactsByHash,
  suppressAddresses,
  suppressionsAfter,
} from '../../db/queries/suppressions.js';
import type { Deps } from '../../deps.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit/record-audit.js';
import { emailHash, normalizeEmail, workspaceSalt } from './email-hash.js';
import { statusForSuppression } from './status-for.js';

export type ManualReason = 'manual' | 'unsubscribed' | 'bounced' | 'complained';

async function hashAll(deps: Deps, workspaceId: string, emails: string[]) {
  const salt = await workspaceSalt({ db: deps.db, workspaceId });
  const unique = [...new Set(emails.map(normalizeEmail))];
  return Promise.all(unique.map(async (email) => ({ email, hash: await emailHash(salt, email) })));
}

/**
 * Suppresses addresses (an import from another tool, a do-not-mail list). An address suppressed already keeps
 * its first reason. Matching active contacts take the status the reason implies, at once.
 */
export async function addSuppressions({
  deps,
  actor,
  items,
}: {
  deps: Deps;
  actor: Actor;
  items: { email: string; reason: ManualReason }[];
}) {
  const now = deps.clock.now();
  const salt = await workspaceSalt({ db: deps.db, workspaceId: actor.workspaceId });
  const byHash = new Map<string, ManualReason>();
  for (const item of items) byHash.set(await emailHash(salt, item.email), item.reason);
  return deps.db.transaction(async (tx) => {
    const inserted = await suppressAddresses(
      tx,
      [...byHash].map(([hash, reason]) => ({
        workspaceId: actor.workspaceId,
        emailHash: hash,
        reason,
        source: 'api',
        createdAt: now,
      })),
    );
    let contactsUpdated = 0;
    for (const reason of new Set(inserted.map((i) => i.reason))) {
      const hashes = inserted.filter((i) => i.reason === reason).map((i) => i.hash);
      const updated = await stopActiveContactsByHash(
        tx,
        actor.workspaceId,
        hashes,
        statusForSuppression(reason),
        now,
      );
      contactsUpdated += updated.length;
    }
    await recordAudit({
      db: tx,
      entry: {
        workspaceId: actor.workspaceId,
        actorKeyId: actor.keyId,
        action: 'suppressions.added',
        targetType: 'suppression',
        targetId: null,
        details: { added: inserted.length, alreadySuppressed: byHash.size - inserted.length },
        requestId: actor.requestId,
        at: now,
      },
    });
    return { added: inserted.length, alreadySuppressed: byHash.size - inserted.length, contactsUpdated };
  });
}

/** A page of suppressions by hash; the address is shown while a contact still holds it. */
export async function listSuppressions({
  deps,
  workspaceId,
  email,
  limit,
  cursor,
}: {
  deps: Deps;
  workspaceId: string;
  email?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}) {
  const hash = email ? (await hashAll(deps, workspaceId, [email]))[0]?.hash : undefined;
  const rows = await suppressionsAfter(deps.db, workspaceId, { hash, cursor, limit: limit + 1 });
  const data = rows.slice(0, limit).map((r) => ({
    emailHash: r.s.emailHash,
    email: r.email,
    contactId: r.contactId,
    reason: r.s.reason,
    source: r.s.source,
    createdAt: r.s.createdAt.toISOString(),
  }));
  return { data, nextCursor: rows.length > limit ? (data.at(-1)?.emailHash ?? null) : null };
}

/**
 * Lifts suppressions (a bounce that was the receiving server's mistake). Contacts they held back become active
 * again; an erased contact stays erased. Audited, since it lets mail reach people again.
 */
export async function removeSuppressions({
  deps,
  actor,
  emails,
}: {
  deps: Deps;
  actor: Actor;
  emails: string[];
}) {
  const now = deps.clock.now();
  const hashed = await hashAll(deps, actor.workspaceId, emails);
  const hashes = hashed.map((h) => h.hash);
  return deps.db.transaction(async (tx) => {
    const gone = await liftSuppressions(tx, actor.workspaceId, hashes);
    const reactivated =
      gone.length === 0 ? [] : await reactivateContactsByHash(tx, actor.workspaceId, gone, now);
    await recordAudit({
      db: tx,
      entry: {
        workspaceId: actor.workspaceId,
        actorKeyId: actor.keyId,
        action: 'suppressions.removed',
        targetType: 'suppression',
        targetId: null,
        details: { removed: gone.length, contactsReactivated: reactivated.length },
        requestId: actor.requestId,
        at: now,
      },
    });
    return {
      removed: gone.length,
      notSuppressed: hashes.length - gone.length,
      contactsReactivated: reactivated.length,
    };
  });
}
