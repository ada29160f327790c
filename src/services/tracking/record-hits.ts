import type { Db } from '../../db/client';
import {
  type EngagementRow,
  type HitRow,
  type LockedMessage,
  loadEngagement,
  lockMessages,
  type MessageKey,
  type Revision,
  writeEngagement,
} from '../../db/queries/engagement';
import type { Deps } from '../../deps';
import { uuidv7 } from '../../lib/ids';
import { normalizeIp } from '../../lib/ip';
import {
  classifyHit,
  type EngagementEvent,
  type HitKind,
  messageEngagement,
  reviseWithContext,
} from '../../tracking/classify';

/** A verified pixel or click hit, before it is stored. */
export interface TrackingHit {
  workspaceId: string;
  messageId: string;
  kind: HitKind;
  /** Click hits: the link's position (HONEYPOT_LINK for the trap link). */
  link: number | null;
  at: Date;
  ip: string | null;
  userAgent: string | null;
}

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
      id: uuidv7(hit.at.getTime()),
      type: hit.kind,
      source: hit.kind === 'open' ? 'pixel' : 'redirect',
      occurred_at: hit.at,
      link_position: hit.kind === 'click' ? hit.link : null,
      ip: normalizeIp(hit.ip),
      user_agent: hit.userAgent ? hit.userAgent.replaceAll('\u0000', '').slice(0, 500) : null,
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
 * first click times and counts written with the hits, so reports never scan events. Opens revise nothing but
 * themselves, so a message with only new opens needs none of its stored events; a click re-examines them all
 * (it may reveal a scanner's burst with a click stored earlier).
 */
export async function storeHits(deps: Deps, hits: TrackingHit[]): Promise<void> {
  if (hits.length === 0) return;
  const incoming = hits.map(pending);
  const byMessage = new Map<string, HitRow[]>();
  const keys: MessageKey[] = [];
  const ips = new Set<string>();
  for (const { hit, row } of incoming) {
    if (push(byMessage, keyOf(row), row))
      keys.push({ workspace_id: row.workspace_id, message_id: row.message_id });
    if (hit.kind === 'open' && row.ip) ips.add(row.ip);
  }
  await deps.db.transaction(async (tx) => {
    const { messages, appleIps } = await lockMessages(tx, keys, [...ips]);
    for (const { hit, row } of incoming) {
      const verdict = classifyHit(
        hit.kind,
        hit.link,
        row.user_agent,
        row.ip !== null && appleIps.has(row.ip),
      );
      row.classification = verdict.classification;
      row.reason = verdict.reason;
    }
    await reviseAndWrite(tx, messages, byMessage);
  });
}

/**
 * Re-examines messages whose context changed without a new hit — a `delivered` that arrived after the open.
 * Inside the caller's transaction when given one (a savepoint), else in its own.
 */
export async function reexamineMessages(db: Db, keys: MessageKey[]): Promise<void> {
  if (keys.length === 0) return;
  await db.transaction(async (tx) => {
    const { messages } = await lockMessages(tx, keys);
    await reviseAndWrite(tx, messages, new Map(), { reloadAll: true });
  });
}

async function reviseAndWrite(
  tx: Db,
  locked: LockedMessage[],
  newHits: Map<string, HitRow[]>,
  options: { reloadAll?: boolean } = {},
): Promise<void> {
  if (locked.length === 0) return;
  const reload = options.reloadAll
    ? locked
    : locked.filter((m) => newHits.get(keyOf(m))?.some((r) => r.type === 'click'));
  const stored = new Map<string, EngagementRow[]>();
  for (const row of reload.length > 0 ? await loadEngagement(tx, reload) : []) push(stored, keyOf(row), row);
  const reloaded = new Set(reload.map(keyOf));
  const rows: HitRow[] = [];
  const revisions: Revision[] = [];
  const engagement = locked.map((message) => {
    const key = keyOf(message);
    const fresh = newHits.get(key) ?? [];
    const old = stored.get(key) ?? [];
    const events = [...old, ...fresh].map(asEvent);
    const revised = reviseWithContext(events, message.delivered_at);
    for (const row of fresh) {
      const verdict = revised.get(row.id);
      if (verdict) Object.assign(row, verdict);
      rows.push(row);
    }
    for (const row of old) {
      const verdict = revised.get(row.id);
      if (verdict)
        revisions.push({ workspace_id: row.workspace_id, id: row.id, occurred_at: row.occurred_at, verdict });
    }
    const final = revised.size === 0 ? events : events.map((e) => ({ ...e, ...revised.get(e.id) }));
    // With every event re-examined, these are the message's totals; new opens alone add to the stored ones.
    return {
      workspace_id: message.workspace_id,
      message_id: message.message_id,
      ...messageEngagement(final),
      replace: reloaded.has(key),
    };
  });
  await writeEngagement(tx, rows, revisions, engagement);
}
