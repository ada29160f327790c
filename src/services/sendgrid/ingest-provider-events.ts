import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { contacts, events, messages, suppressions } from '../../db/schema';
import type { Deps } from '../../deps';
import { UUID_PATTERN, uuidv7 } from '../../lib/ids';
import { CUSTOM_ARG, KnownEvent, knownEventTypes } from './provider-events';

export interface IngestResult {
  received: number;
  /** New events stored (matched to a message, unmatched, or kept raw). */
  stored: number;
  /** Already stored before (a re-delivery) or repeated within the batch. */
  duplicates: number;
  /** Events naming a message that is not this workspace's: dropped. */
  ignored: number;
  /** Stored without a message: mail sent outside Kaifu. */
  unmatched: number;
  /** Stored raw: an unknown type, or a known type that failed its schema. */
  keptRaw: number;
}

type EventRow = typeof events.$inferInsert;
type ContactEffect = 'bounced' | 'complained' | 'unsubscribed';

const CHUNK = 1000;
// Later outcomes never overwrite earlier ones of higher rank; a bounce may follow a delivery (async bounce).
const DELIVERY_RANK = {
  processed: 1,
  deferred: 2,
  delivered: 3,
  dropped: 4,
  blocked: 4,
  bounced: 4,
} as const;
type Delivery = keyof typeof DELIVERY_RANK;

interface MessageDelta {
  id: string;
  delivery: Delivery | null;
  acceptedAt: Date | null;
  deliveredAt: Date | null;
  bouncedAt: Date | null;
  firstOpenAt: Date | null;
  firstHumanOpenAt: Date | null;
  firstClickAt: Date | null;
  firstHumanClickAt: Date | null;
}

const earliest = (a: Date | null, b: Date | null) => (!a ? b : !b ? a : a < b ? a : b);
const text = (value: unknown, max = 500) => (typeof value === 'string' ? value.slice(0, max) : null);

/** What one parsed event is: its row, and what it says about its message and contact. */
function describe(event: KnownEvent, workspaceId: string, messageId: string | null) {
  const occurredAt = new Date(event.timestamp * 1000);
  const row: EventRow = {
    workspaceId,
    id: uuidv7(occurredAt.getTime()),
    messageId,
    type: event.event,
    source: 'sendgrid',
    occurredAt,
    providerEventId: event.sg_event_id,
  };
  let delivery: Delivery | null = null;
  let effect: ContactEffect | null = null;
  switch (event.event) {
    case 'processed':
    case 'deferred':
    case 'delivered':
      delivery = event.event;
      row.reason = text(event.event === 'processed' ? null : event.response, 200);
      break;
    case 'dropped':
      delivery = 'dropped';
      row.reason = text(event.reason, 200);
      break;
    case 'bounce':
      // A "blocked" bounce is the receiving server refusing for now: it does not suppress the address.
      delivery = event.type === 'blocked' ? 'blocked' : 'bounced';
      effect = event.type === 'blocked' ? null : 'bounced';
      row.reason = text(`${event.type ?? 'bounce'}: ${event.reason ?? ''}`, 200);
      break;
    case 'open':
      row.classification = event.sg_machine_open ? 'machine' : 'human';
      row.reason = event.sg_machine_open ? 'sendgrid_machine_open' : 'sendgrid_open';
      row.ip = text(event.ip, 64);
      row.userAgent = text(event.useragent);
      break;
    case 'click':
      row.classification = 'human';
      row.reason = 'sendgrid_click';
      row.ip = text(event.ip, 64);
      row.userAgent = text(event.useragent);
      row.url = text(event.url, 2000);
      break;
    case 'spamreport':
      effect = 'complained';
      break;
    case 'unsubscribe':
    case 'group_unsubscribe':
      effect = 'unsubscribed';
      break;
    case 'group_resubscribe':
      break;
  }
  return { row, delivery, effect, occurredAt };
}

/**
 * Stores a batch of SendGrid events once each and applies what they say — message delivery state, first
 * opens and clicks, bounced/complained/unsubscribed contacts and their suppressions — in one transaction.
 * No HTTP here: the webhook endpoint calls it after verifying the signature, and tests call it directly.
 */
export async function ingestProviderEvents(
  deps: Deps,
  workspaceId: string,
  batch: unknown[],
): Promise<IngestResult> {
  const result: IngestResult = {
    received: batch.length,
    stored: 0,
    duplicates: 0,
    ignored: 0,
    unmatched: 0,
    keptRaw: 0,
  };
  const parsed: { event: KnownEvent; messageRef: string | null }[] = [];
  const raw: EventRow[] = [];
  const now = deps.clock.now();
  for (const item of batch) {
    const record = (typeof item === 'object' && item !== null ? item : { value: item }) as Record<
      string,
      unknown
    >;
    const check = KnownEvent.safeParse(record);
    if (check.success) {
      const ref = check.data[CUSTOM_ARG.messageId];
      parsed.push({ event: check.data, messageRef: typeof ref === 'string' ? ref : null });
      continue;
    }
    const type = text(record.event, 100) ?? 'unknown';
    const timestamp =
      typeof record.timestamp === 'number' && record.timestamp > 0 ? record.timestamp * 1000 : now.getTime();
    raw.push({
      workspaceId,
      id: uuidv7(timestamp),
      type,
      source: 'sendgrid',
      occurredAt: new Date(timestamp),
      providerEventId: text(record.sg_event_id, 200),
      reason: (knownEventTypes as Set<string>).has(type)
        ? `invalid: ${check.error.issues[0]?.message ?? ''}`.slice(0, 200)
        : 'unknown event type',
      raw: record,
    });
  }

  return deps.db.transaction(async (tx) => {
    const refs = [
      ...new Set(
        parsed.map((p) => p.messageRef).filter((r): r is string => r !== null && UUID_PATTERN.test(r)),
      ),
    ];
    const owned = new Map<string, string>();
    for (let i = 0; i < refs.length; i += CHUNK) {
      const rows = await tx
        .select({ id: messages.id, contactId: messages.contactId })
        .from(messages)
        .where(and(eq(messages.workspaceId, workspaceId), inArray(messages.id, refs.slice(i, i + CHUNK))));
      for (const r of rows) owned.set(r.id, r.contactId);
    }

    const described: ReturnType<typeof describe>[] = [];
    const seen = new Set<string>();
    for (const { event, messageRef } of parsed) {
      if (messageRef !== null && !owned.has(messageRef)) {
        result.ignored++;
        continue;
      }
      const key = `${event.sg_event_id}@${event.timestamp}`;
      if (seen.has(key)) {
        result.duplicates++;
        continue;
      }
      seen.add(key);
      described.push(describe(event, workspaceId, messageRef));
    }

    const rows = [...described.map((d) => d.row), ...raw];
    const storedKeys = new Set<string>();
    for (let i = 0; i < rows.length; i += CHUNK) {
      const inserted = await tx
        .insert(events)
        .values(rows.slice(i, i + CHUNK))
        .onConflictDoNothing({ target: [events.workspaceId, events.providerEventId, events.occurredAt] })
        .returning({ id: events.id });
      for (const r of inserted) storedKeys.add(r.id);
    }
    result.stored = storedKeys.size;
    result.duplicates += rows.length - storedKeys.size;
    const fresh = described.filter((d) => storedKeys.has(d.row.id ?? ''));
    result.unmatched = fresh.filter((d) => d.row.messageId === null).length;
    result.keptRaw = raw.filter((r) => storedKeys.has(r.id ?? '')).length;

    await applyToMessages(tx, workspaceId, fresh);
    const effects = new Map<ContactEffect, Set<string>>();
    for (const d of fresh) {
      const contactId = d.row.messageId ? owned.get(d.row.messageId) : undefined;
      if (!d.effect || !contactId) continue;
      const set = effects.get(d.effect) ?? new Set<string>();
      set.add(contactId);
      effects.set(d.effect, set);
    }
    for (const [effect, ids] of effects) await applyToContacts(tx, workspaceId, effect, [...ids], now);
    return result;
  });
}

async function applyToMessages(tx: Db, workspaceId: string, fresh: ReturnType<typeof describe>[]) {
  const deltas = new Map<string, MessageDelta>();
  for (const d of fresh) {
    const id = d.row.messageId;
    if (!id) continue;
    const m = deltas.get(id) ?? {
      id,
      delivery: null,
      acceptedAt: null,
      deliveredAt: null,
      bouncedAt: null,
      firstOpenAt: null,
      firstHumanOpenAt: null,
      firstClickAt: null,
      firstHumanClickAt: null,
    };
    const at = d.occurredAt;
    if (d.delivery) {
      if (!m.delivery || DELIVERY_RANK[d.delivery] > DELIVERY_RANK[m.delivery]) m.delivery = d.delivery;
      m.acceptedAt = earliest(m.acceptedAt, at);
      if (d.delivery === 'delivered') m.deliveredAt = earliest(m.deliveredAt, at);
      if (d.delivery === 'bounced' || d.delivery === 'blocked') m.bouncedAt = earliest(m.bouncedAt, at);
    }
    const human = d.row.classification === 'human';
    if (d.row.type === 'open') {
      m.firstOpenAt = earliest(m.firstOpenAt, at);
      if (human) m.firstHumanOpenAt = earliest(m.firstHumanOpenAt, at);
    }
    if (d.row.type === 'click') {
      m.firstClickAt = earliest(m.firstClickAt, at);
      if (human) {
        m.firstHumanClickAt = earliest(m.firstHumanClickAt, at);
        // A person who clicked has opened, whatever the pixel saw (DESIGN.md, counting).
        m.firstHumanOpenAt = earliest(m.firstHumanOpenAt, at);
      }
    }
    deltas.set(id, m);
  }
  const list = [...deltas.values()];
  const ts = (d: Date | null) => (d ? d.toISOString() : null);
  const rank = (column: unknown) =>
    sql`(case ${column} when 'processed' then 1 when 'deferred' then 2 when 'delivered' then 3 when 'dropped' then 4 when 'blocked' then 4 when 'bounced' then 4 else 0 end)`;
  for (let i = 0; i < list.length; i += CHUNK) {
    const values = sql.join(
      list.slice(i, i + CHUNK).map(
        (m) =>
          sql`(${m.id}::uuid, ${m.delivery}::text, ${ts(m.acceptedAt)}::timestamptz, ${ts(m.deliveredAt)}::timestamptz,
               ${ts(m.bouncedAt)}::timestamptz, ${ts(m.firstOpenAt)}::timestamptz, ${ts(m.firstHumanOpenAt)}::timestamptz,
               ${ts(m.firstClickAt)}::timestamptz, ${ts(m.firstHumanClickAt)}::timestamptz)`,
      ),
      sql`, `,
    );
    // Combined in SQL, not from values read earlier, so concurrent batches for one message cannot undo each other.
    await tx.execute(sql`
      update messages m set
        delivery_status = case when ${rank(sql`v.delivery`)} > ${rank(sql`m.delivery_status`)} then v.delivery else m.delivery_status end,
        status = case when m.status in ('sending', 'uncertain') and v.accepted_at is not null then 'sent' else m.status end,
        sent_at = case when m.status in ('sending', 'uncertain') and v.accepted_at is not null
                       then coalesce(m.sent_at, v.accepted_at) else m.sent_at end,
        local_weekday = case when m.sent_at is null and m.status in ('sending', 'uncertain') and v.accepted_at is not null
                             then extract(dow from v.accepted_at at time zone m.timezone)::smallint else m.local_weekday end,
        local_hour = case when m.sent_at is null and m.status in ('sending', 'uncertain') and v.accepted_at is not null
                          then extract(hour from v.accepted_at at time zone m.timezone)::smallint else m.local_hour end,
        delivered_at = least(m.delivered_at, v.delivered_at),
        bounced_at = least(m.bounced_at, v.bounced_at),
        first_open_at = least(m.first_open_at, v.first_open_at),
        first_human_open_at = least(m.first_human_open_at, v.first_human_open_at),
        first_click_at = least(m.first_click_at, v.first_click_at),
        first_human_click_at = least(m.first_human_click_at, v.first_human_click_at)
      from (values ${values}) as v(id, delivery, accepted_at, delivered_at, bounced_at, first_open_at,
                                   first_human_open_at, first_click_at, first_human_click_at)
      where m.workspace_id = ${workspaceId} and m.id = v.id`);
  }
}

/** Bounces, complaints and unsubscribes: the contact stops, its address is suppressed, unsent mail cancelled. */
async function applyToContacts(
  tx: Db,
  workspaceId: string,
  effect: ContactEffect,
  contactIds: string[],
  now: Date,
) {
  // A complaint outranks the other two; otherwise the first reason stays.
  const replaceable = effect === 'complained' ? ['active', 'unsubscribed', 'bounced'] : ['active'];
  await tx
    .update(contacts)
    .set({ status: effect, updatedAt: now })
    .where(
      and(
        eq(contacts.workspaceId, workspaceId),
        inArray(contacts.id, contactIds),
        inArray(contacts.status, replaceable as ('active' | 'unsubscribed' | 'bounced')[]),
      ),
    );
  await tx.execute(sql`
    insert into ${suppressions} (workspace_id, email_hash, reason, source, created_at)
    select workspace_id, email_hash, ${effect}, 'sendgrid', ${now.toISOString()}::timestamptz
    from ${contacts}
    where ${and(eq(contacts.workspaceId, workspaceId), inArray(contacts.id, contactIds))} and email_hash is not null
    on conflict do nothing`);
  await tx
    .update(messages)
    .set({ status: 'cancelled', lastError: `contact ${effect}` })
    .where(
      and(
        eq(messages.workspaceId, workspaceId),
        inArray(messages.contactId, contactIds),
        inArray(messages.status, ['scheduled', 'held']),
      ),
    );
}
