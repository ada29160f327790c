import { type ContactRef, findLiveContact } from '../../db/queries/contacts.js';
import { humanOpensByLocalHour } from '../../db/queries/send-times.js';
import { findWorkspace } from '../../db/queries/workspaces.js';
import type { Deps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { localDate, nextLocalHour } from '../../lib/time-zones.js';
import { listExists } from '../lists/lists.js';
import { normalizeEmail } from '../suppressions/email-hash.js';
import { openRates } from './open-rates.js';
import { rankSlots } from './recommendations.js';
import { chooseHour, type HourChoice } from './send-time-model.js';

/** A list's (or the workspace's) shrunk human-open rate by local send hour, 0–23; null where nothing was sent. */
export async function hourPattern({
  deps,
  workspaceId,
  listId,
}: {
  deps: Deps;
  workspaceId: string;
  listId?: string;
}): Promise<(number | null)[]> {
  const { cells } = await openRates({
    deps,
    workspaceId,
    query: { dimension: 'hour', metric: 'human_open', listId },
  });
  const byHour: (number | null)[] = Array.from({ length: 24 }, () => null);
  for (const cell of cells) byHour[Number(cell.key.hour)] = cell.shrunkRate;
  return byHour;
}

/** Each contact's human opens by the local hour they happened at, from their messages. */
export async function openHours({
  deps,
  workspaceId,
  contactIds,
}: {
  deps: Deps;
  workspaceId: string;
  contactIds: string[];
}): Promise<Map<string, number[]>> {
  const byContact = new Map<string, number[]>();
  if (contactIds.length === 0) return byContact;
  const rows = await humanOpensByLocalHour(deps.analyticsDb, workspaceId, contactIds);
  for (const row of rows) {
    const hours = byContact.get(row.contact_id) ?? Array.from({ length: 24 }, () => 0);
    hours[row.hour] = row.n;
    byContact.set(row.contact_id, hours);
  }
  return byContact;
}

export interface ContactSendTime extends HourChoice {
  contactId: string;
  timezone: string;
  /** The next time that hour comes round: in the contact's zone (wall time) and in UTC. */
  next: { local: string; utc: string };
}

/**
 * A contact's best local hour to receive mail, with the basis and reason, and when it next comes round. The
 * contact is named by id, or by address (as marketing-automation tools know their leads).
 */
export async function contactSendTime({
  deps,
  workspaceId,
  contact: ref,
  listId,
}: {
  deps: Deps;
  workspaceId: string;
  contact: ContactRef;
  listId?: string | undefined;
}): Promise<ContactSendTime> {
  const named = 'email' in ref ? { email: normalizeEmail(ref.email) } : ref;
  if (listId && !(await listExists({ db: deps.db, workspaceId, listId }))) throw notFound('List');
  // The consistent connection: an address just imported, or a contact just erased, must answer as it is now.
  const contact = await findLiveContact(deps.db, workspaceId, named);
  if (!contact) throw notFound('Contact');
  const contactId = contact.id;
  const timezone = contact.timezone ?? (await workspaceZone(deps, workspaceId));
  const own =
    (await openHours({ deps, workspaceId, contactIds: [contactId] })).get(contactId) ?? Array(24).fill(0);
  const choice = chooseHour(own, await hourPattern({ deps, workspaceId, listId }));
  const next = nextLocalHour(choice.hour, timezone, deps.clock.now());
  return {
    contactId,
    timezone,
    ...choice,
    next: {
      local: localDate(next, timezone, true),
      utc: next.toISOString(),
    },
  };
}

async function workspaceZone(deps: Deps, workspaceId: string): Promise<string> {
  const workspace = await findWorkspace(deps.analyticsDb, workspaceId);
  return workspace?.defaultTimezone ?? 'UTC';
}

/** A list's best local weekday × hour slots for marketing-automation tools, with how sure we are. */
export async function listSendTimes({
  deps,
  workspaceId,
  listId,
}: {
  deps: Deps;
  workspaceId: string;
  listId: string;
}) {
  if (!(await listExists({ db: deps.db, workspaceId, listId }))) throw notFound('List');
  const { cells, denominator } = await openRates({
    deps,
    workspaceId,
    query: {
      dimension: 'weekdayHour',
      metric: 'human_open',
      listId,
    },
  });
  const ranked = rankSlots(cells);
  return {
    listId,
    denominator,
    typicalRate: ranked.typicalRate,
    status: ranked.status,
    slots: ranked.best,
    sampleNeeded: ranked.sampleNeeded,
  };
}
