import type { Db } from '../../db/client.js';
import {
  type EngagementRow,
  type EngagementUpdate,
  epochHour,
  type HitRow,
  type HourlyHits,
  hourlyHits,
  type LockedMessage,
  loadClicksNear,
  loadEngagement,
  lockMessages,
  type MessageKey,
  type Revision,
  writeEngagement,
} from '../../db/queries/engagement.js';
import type { Deps } from '../../deps.js';
import {
  classifyHit,
  type EngagementEvent,
  LINK_BURST_MS,
  messageEngagement,
  reviseWithContext,
} from './classify.js';
import type { TrackingHit } from './hit.js';

/** Our own hits stored per message, kind and clock hour; more are answered and counted, not stored. */
export const HITS_PER_HOUR = 20;

/** The longest user agent kept: classification needs the product tokens, not a 15 KB header. */
export const USER_AGENT_MAX = 500;

interface PendingHit {
  hit: TrackingHit;
  row: HitRow;
}

function pending(hit: TrackingHit): PendingHit {
  return {
    hit,
    row: {
      workspace_id: hit.workspaceId,
      message_id: hit.messageId,
      id: hit.id,
      type: hit.kind,
      source: hit.kind === 'open' ? 'pixel' : 'redirect',
      occurred_at: hit.at,
      link_position: hit.kind === 'click' ? hit.link : null,
      ip: hit.ip,
      user_agent: hit.userAgent,
      classification: 'human',
      reason: '',
    },
  };
}

const keyOf = (k: MessageKey) => `${k.workspace_id}/${k.message_id}`;

const asEvent = (r: HitRow | EngagementRow): EngagementEvent => ({
  id: r.id,
  type: r.type,
  source: r.source,
  occurredAt: r.occurred_at,
  linkPosition: r.link_position,
  classification: r.classification as EngagementEvent['classification'],
  reason: r.reason,
});

/** Appends to the list under `key`, starting one; answers whether it is new. */
function push<T>(lists: Map<string, T[]>, key: string, item: T): boolean {
  const list = lists.get(key);
  if (list) list.push(item);
  else lists.set(key, [item]);
  return !list;
}

/**
 * Stores a batch of hits in one transaction: each message is locked, each hit classified on its own and then in
 * the light of the message's other hits and delivery time, and the message's first open / first human open /
 * first click times and counts written with the hits, so reports never scan events. What stored events a batch
 * reads is reviseAndWrite's business: none for opens, a click's neighbours in time for a click. Idempotent: hits
 * already stored (a retry after a lost COMMIT) are left out before anything is classified or counted.
 */
export async function storeHits({ deps, hits }: { deps: Deps; hits: TrackingHit[] }): Promise<void> {
  if (hits.length === 0) return;
  const unique = new Map(hits.map((h) => [h.id, h]));
  const received = [...unique.values()].map(pending);
  const keys = new Map<string, MessageKey>();
  const ips = new Set<string>();
  let since = Number.POSITIVE_INFINITY;
  for (const { hit, row } of received) {
    keys.set(keyOf(row), { workspace_id: row.workspace_id, message_id: row.message_id });
    if (hit.kind === 'open' && row.ip) ips.add(row.ip);
    since = Math.min(since, epochHour(hit.at));
  }
  const storedCount = await deps.db.transaction(async (tx) => {
    const locked = await lockMessages(tx, [...keys.values()], [...ips]);
    const erased = new Set(locked.messages.filter((m) => m.erased).map(keyOf));
    // Under the messages' locks: every writer of these hits holds them too, so what is stored now stays so.
    const stored = await hourlyHits(
      tx,
      [...keys.values()],
      new Date(since * 3_600_000),
      received.map((p) => p.row.id),
    );
    const incoming = received.filter((p) => !stored.known.has(p.row.id));
    const { kept, capped } = capHits(stored.hourly, incoming);
    const byMessage = new Map<string, HitRow[]>();
    for (const { hit, row } of kept) {
      const verdict = classifyHit(
        hit.kind,
        hit.link,
        row.user_agent,
        row.ip !== null && locked.appleIps.has(row.ip),
      );
      row.classification = verdict.classification;
      row.reason = verdict.reason;
      // Classified with them, then forgotten: an erased contact's reader is counted, never identified.
      if (erased.has(keyOf(row))) {
        row.ip = null;
        row.user_agent = null;
      }
      push(byMessage, keyOf(row), row);
    }
    await reviseAndWrite(tx, locked.messages, byMessage, { capped });
    return kept.length;
  });
  deps.counters?.add('kaifu_hits_stored_total', storedCount);
}

/** Per message: hits answered over the cap, not stored. */
type Capped = Map<string, { opens: number; clicks: number }>;

/**
 * A flood on one token (a scanner looping, a reload storm) must not become thousands of rows: per message and
 * kind, at most HITS_PER_HOUR of our own hits are stored in each clock hour, in arrival order. The rest are
 * answered as usual and only counted on the message (opens_capped, clicks_capped).
 */
function capHits(stored: HourlyHits[], incoming: PendingHit[]): { kept: PendingHit[]; capped: Capped } {
  const used = new Map(stored.map((r) => [`${keyOf(r)}/${r.kind}/${r.hour}`, r.n]));
  const capped: Capped = new Map();
  const kept = incoming.filter(({ hit, row }) => {
    const bucket = `${keyOf(row)}/${hit.kind}/${epochHour(hit.at)}`;
    const n = used.get(bucket) ?? 0;
    if (n < HITS_PER_HOUR) {
      used.set(bucket, n + 1);
      return true;
    }
    const counts = capped.get(keyOf(row)) ?? { opens: 0, clicks: 0 };
    if (hit.kind === 'open') counts.opens++;
    else counts.clicks++;
    capped.set(keyOf(row), counts);
    return false;
  });
  return { kept, capped };
}

/**
 * Re-examines messages whose context changed without a new hit — a `delivered` that arrived after the open.
 * Inside the caller's transaction when given one (a savepoint), else in its own.
 */
export async function reexamineMessages({ db, keys }: { db: Db; keys: MessageKey[] }): Promise<void> {
  if (keys.length === 0) return;
  await db.transaction(async (tx) => {
    const { messages } = await lockMessages(tx, keys);
    await reviseAndWrite(tx, messages, new Map(), { reloadAll: true });
  });
}

/**
 * Weighs each locked message's new hits against what they could change, and writes hits, revisions and
 * engagement in one statement. New opens revise only themselves: nothing stored is read. A new click can form
 * a burst only with clicks within LINK_BURST_MS, so only those are read; should one of them be revised, the
 * message's totals may move (its first human click, say), and then all its events are read and its totals
 * replaced, as after a late `delivered` (reloadAll). So a message clicked thousands of times costs each new
 * click a few rows, not all of them.
 */
async function reviseAndWrite(
  tx: Db,
  locked: LockedMessage[],
  newHits: Map<string, HitRow[]>,
  options: { reloadAll?: boolean; capped?: Capped } = {},
): Promise<void> {
  if (locked.length === 0) return;
  const freshOf = (m: MessageKey) => newHits.get(keyOf(m)) ?? [];
  const weighed = new Map<string, Weighed>();
  if (!options.reloadAll) {
    const windows = locked.flatMap((m) => {
      const times = freshOf(m)
        .filter((r) => r.type === 'click')
        .map((r) => r.occurred_at.getTime());
      if (times.length === 0) return [];
      // A millisecond more each side: stored times may carry microseconds that a Date drops.
      const from = new Date(Math.min(...times) - LINK_BURST_MS - 1);
      const to = new Date(Math.max(...times) + LINK_BURST_MS + 1);
      return [{ workspace_id: m.workspace_id, message_id: m.message_id, from, to }];
    });
    const nearby = group(windows.length > 0 ? await loadClicksNear(tx, windows) : []);
    for (const m of locked) weighed.set(keyOf(m), weigh(m, freshOf(m), nearby.get(keyOf(m)) ?? [], false));
  }
  // After a late `delivered`, every message is weighed against all its events; otherwise only those where a
  // new click revised a stored one.
  const widen = options.reloadAll
    ? locked
    : locked.filter((m) => (weighed.get(keyOf(m))?.revisions.length ?? 0) > 0);
  const everything = group(widen.length > 0 ? await loadEngagement(tx, widen) : []);
  for (const m of widen) weighed.set(keyOf(m), weigh(m, freshOf(m), everything.get(keyOf(m)) ?? [], true));
  const results = [...weighed.values()];
  await writeEngagement(
    tx,
    results.flatMap((r) => r.rows),
    results.flatMap((r) => r.revisions),
    results.map((r) => {
      const capped = options.capped?.get(keyOf(r.engagement));
      return { ...r.engagement, opensCapped: capped?.opens ?? 0, clicksCapped: capped?.clicks ?? 0 };
    }),
  );
}

function group(rows: EngagementRow[]): Map<string, EngagementRow[]> {
  const byMessage = new Map<string, EngagementRow[]>();
  for (const row of rows) push(byMessage, keyOf(row), row);
  return byMessage;
}

interface Weighed {
  rows: HitRow[];
  revisions: Revision[];
  engagement: Omit<EngagementUpdate, 'opensCapped' | 'clicksCapped'>;
}

/**
 * One message's new hits judged with the stored events given: their verdicts, revisions of stored ones, and
 * the engagement to write — the message's totals when `stored` is all of its events, else what the new hits add.
 */
function weigh(message: LockedMessage, fresh: HitRow[], stored: EngagementRow[], all: boolean): Weighed {
  const events = [...stored, ...fresh].map(asEvent);
  const revised = reviseWithContext(events, message.delivered_at);
  const judged = revised.size === 0 ? events : events.map((e) => ({ ...e, ...revised.get(e.id) }));
  const revisions: Revision[] = stored.flatMap((row) => {
    const verdict = revised.get(row.id);
    return verdict
      ? [{ workspace_id: row.workspace_id, id: row.id, occurred_at: row.occurred_at, verdict }]
      : [];
  });
  return {
    rows: revised.size === 0 ? fresh : fresh.map((row) => ({ ...row, ...revised.get(row.id) })),
    revisions,
    engagement: {
      workspace_id: message.workspace_id,
      message_id: message.message_id,
      ...messageEngagement(all ? judged : judged.slice(stored.length)),
      replace: all,
    },
  };
}
