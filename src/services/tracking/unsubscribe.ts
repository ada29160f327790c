import { isDatabaseUnavailable } from '../../db/client.js';
import { cancelUnsentMail, setContactStatus } from '../../db/queries/contacts.js';
import { suppressAddresses } from '../../db/queries/suppressions.js';
import { contactOfMessage } from '../../db/queries/tracking.js';
import type { Deps } from '../../deps.js';
import type { TokenClaims } from './tokens.js';

/**
 * One-click unsubscribe (RFC 8058): the contact stops, its address is suppressed, every message not yet sent to
 * it is cancelled. Idempotent; a token for a message that no longer exists (an erased contact) changes nothing.
 */
export async function unsubscribeByToken({
  deps,
  claims,
  now = deps.clock.now(),
}: {
  deps: Deps;
  claims: Pick<TokenClaims, 'workspaceId' | 'messageId'>;
  now?: Date;
}): Promise<'unsubscribed' | 'already' | 'unknown'> {
  const { workspaceId } = claims;
  return deps.db.transaction(async (tx) => {
    const row = await contactOfMessage(tx, workspaceId, claims.messageId);
    if (!row) return 'unknown';
    if (row.emailHash) {
      await suppressAddresses(tx, [
        {
          workspaceId,
          emailHash: row.emailHash,
          reason: 'unsubscribed',
          source: 'one-click',
          createdAt: now,
        },
      ]);
    }
    await cancelUnsentMail(tx, workspaceId, row.contactId, 'contact unsubscribed');
    if (row.status !== 'active') return 'already';
    await setContactStatus(tx, workspaceId, row.contactId, 'unsubscribed', now);
    return 'unsubscribed';
  });
}

// How long a one-click unsubscribe waits for the database before it is journaled instead (Node): the mailbox
// provider that sent it will not wait for a partition to be noticed.
const JOURNAL_AFTER_MS = 3_000;

/**
 * RFC 8058 one-click unsubscribe, verified from its token alone: carried out at once, or — with the database
 * unreachable or slow — journaled durably (Node) to be carried out on recovery. Either way, once this resolves
 * the unsubscribe is not lost. Where nothing can journal (Workers), the outage is thrown: the answer is not
 * 2xx and the provider retries.
 */
export async function oneClickUnsubscribe({
  deps,
  claims,
}: {
  deps: Deps;
  claims: TokenClaims;
}): Promise<'done' | 'journaled'> {
  const now = deps.clock.now();
  const attempt = unsubscribeByToken({ deps, claims, now });
  try {
    await (deps.journalUnsubscribe ? withinDeadline(attempt, JOURNAL_AFTER_MS) : attempt);
    return 'done';
  } catch (error) {
    if (!deps.journalUnsubscribe || !isDatabaseUnavailable(error)) throw error;
    await deps.journalUnsubscribe(claims, now);
    deps.log.warn('one-click unsubscribe journaled: the database is unavailable', { error });
    return 'journaled';
  }
}

function withinDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  // The attempt may still finish after the deadline; unsubscribing twice is harmless, an unhandled rejection not.
  promise.catch(() => {});
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          Object.assign(new Error(`no answer from the database within ${ms} ms`), { code: 'ETIMEDOUT' }),
        ),
      ms,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
