import type { Db } from '../../db/client';
import {
  type EngagementRow,
  type HitRow,
  type LockedMessage,
  loadEngagement,
  lockAndInsertHits,
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

function toRow(hit: TrackingHit): HitRow {
  const verdict = classifyHit(hit.kind, hit.link, hit.userAgent);
  return {
    workspace_id: hit.workspaceId,
    message_id: hit.messageId,
    id: uuidv7(hit.at.getTime()),
    type: hit.kind,
    source: hit.kind === 'open' ? 'pixel' : 'redirect',
    occurred_at: hit.at,
    link_position: hit.kind === 'click' ? hit.link : null,
    ip: normalizeIp(hit.ip),
    user_agent: hit.userAgent ? hit.userAgent.replaceAll('\u0000', '').slice(0, 500) : null,
    classification: verdict.classification,
    reason: verdict.reason,
  };
}

/**
 * Stores a batch of hits in one transaction: each message is locked, its hits inserted, all its opens and clicks
 * re-examined together (a click in this batch may reveal a scanner's burst with one stored earlier) and its
 * first-open / first-human-open / first-click times and counts written, so reports never scan events.
 */
export async function storeHits(deps: Deps, hits: TrackingHit[]): Promise<void> {
  if (hits.length === 0) return;
  await deps.db.transaction(async (tx) => {
    const locked = await lockAndInsertHits(tx, hits.map(toRow));
    await reviseAndWrite(tx, locked);
  });
}

/**
 * Re-examines messages whose context changed without a new hit — a `delivered` that arrived after the open.
 * Inside the caller's transaction when given one (a savepoint), else in its own.
 */
export async function reexamineMessages(db: Db, keys: MessageKey[]): Promise<void> {
  if (keys.length === 0) return;
  await db.transaction(async (tx) => {
    await reviseAndWrite(tx, await lockMessages(tx, keys));
  });
}

const keyOf = (k: MessageKey) => `${k.workspace_id}/${k.message_id}`;

async function reviseAndWrite(tx: Db, locked: LockedMessage[]): Promise<void> {
  if (locked.length === 0) return;
  const byMessage = new Map<string, EngagementRow[]>();
  for (const row of await loadEngagement(tx, locked)) {
    const list = byMessage.get(keyOf(row)) ?? [];
    list.push(row);
    byMessage.set(keyOf(row), list);
  }
  const revisions: Revision[] = [];
  const engagement = locked.map((message) => {
    const rows = byMessage.get(keyOf(message)) ?? [];
    const events: EngagementEvent[] = rows.map((r) => ({
      id: r.id,
      type: r.type,
      source: r.source,
      occurredAt: r.occurred_at,
      linkPosition: r.link_position,
      classification: r.classification,
      reason: r.reason,
    }));
    const deliveredAt = message.delivered_at ? new Date(message.delivered_at) : null;
    const revised = reviseWithContext(events, deliveredAt);
    for (const event of events) {
      const verdict = revised.get(event.id);
      if (!verdict) continue;
      event.classification = verdict.classification;
      event.reason = verdict.reason;
      revisions.push({
        workspace_id: message.workspace_id,
        id: event.id,
        occurred_at: event.occurredAt,
        verdict,
      });
    }
    return {
      workspace_id: message.workspace_id,
      message_id: message.message_id,
      ...messageEngagement(events),
    };
  });
  await writeEngagement(tx, revisions, engagement);
}
