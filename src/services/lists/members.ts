import { findLiveContacts } from '../../db/queries/contacts.js';
import { deleteListMembers, insertListMembers } from '../../db/queries/lists.js';
import type { Deps } from '../../deps.js';
import { notFound as notFoundError } from '../../errors.js';
import { normalizeEmail } from '../suppressions/email-hash.js';
import { listExists } from './lists.js';

/** Members are named by contact id or by email; exactly one of the two. */
export type MemberRefs = { contactIds: string[] } | { emails: string[] };

/** What adding to or removing from a list takes. */
interface MemberChange {
  deps: Deps;
  workspaceId: string;
  listId: string;
  refs: MemberRefs;
}

/**
 * Resolves references to this workspace's (unerased) contacts for a change to one of its lists; what matches
 * nothing comes back as notFound.
 */
async function resolve(deps: Deps, workspaceId: string, listId: string, refs: MemberRefs) {
  if (!(await listExists({ db: deps.db, workspaceId, listId }))) throw notFoundError('List');
  const byEmail = 'emails' in refs;
  const wanted = byEmail ? [...new Set(refs.emails.map(normalizeEmail))] : [...new Set(refs.contactIds)];
  const found = await findLiveContacts(deps.db, workspaceId, byEmail ? { emails: wanted } : { ids: wanted });
  const matched = new Set(found.map((f) => (byEmail ? f.email : f.id)));
  return { ids: found.map((f) => f.id), notFound: wanted.filter((w) => !matched.has(w)) };
}

export async function addListMembers({ deps, workspaceId, listId, refs }: MemberChange) {
  const { ids, notFound } = await resolve(deps, workspaceId, listId, refs);
  const now = deps.clock.now();
  const added = ids.length === 0 ? [] : await insertListMembers(deps.db, workspaceId, listId, ids, now);
  return { added: added.length, alreadyMembers: ids.length - added.length, notFound };
}

export async function removeListMembers({ deps, workspaceId, listId, refs }: MemberChange) {
  const { ids, notFound } = await resolve(deps, workspaceId, listId, refs);
  const removed = ids.length === 0 ? [] : await deleteListMembers(deps.db, workspaceId, listId, ids);
  return { removed: removed.length, notMembers: ids.length - removed.length, notFound };
}
