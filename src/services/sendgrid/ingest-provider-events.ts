import { lockMessagesInOrder } from '../../db/queries/messages.js';
import { type PreparedEvent, storeProviderEvents } from '../../db/queries/provider-events.js';
import type { Deps } from '../../deps.js';
import { sha256Hex } from '../../lib/crypto.js';
import { UUID_PATTERN, uuidv7 } from '../../lib/ids.js';
import { emailHash, workspaceSalt } from '../suppressions/email-hash.js';
import { reexamineMessages } from '../tracking/record-hits.js';
import { CUSTOM_ARG, KnownEvent, knownEventTypes } from './provider-events.js';

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
  /** Stored without a message: events of our test sends (kaifu_test_send_id). */
  testSends: number;
  /** Stored raw: an unknown type, or a known type that failed its schema. */
  keptRaw: number;
  /** Addresses suppressed by this batch (bounces, complaints, unsubscribes, SendGrid's own drops). */
  suppressed: number;
}

// A `dropped` whose reason is SendGrid's own suppression list: the address is bounced, unsubscribed or complained
// there, so it is here too.
const DROP_EFFECTS: Record<string, PreparedEvent['effect']> = {
  'Bounced Address': 'bounced',
  'Unsubscribed Address': 'unsubscribed',
  'Spam Reporting Address': 'complained',
};

// Postgres text cannot hold NUL; a stray one must not make a batch fail forever.
const text = (value: unknown, max = 500) =>
  typeof value === 'string' ? value.replaceAll('\u0000', '').slice(0, max) : null;

// No SendGrid event nests more than a few levels; deeper is cut, so a hostile body can neither overflow the
// stack (here, in JSON.stringify, in Postgres's json parser) nor make a batch fail on every retry.
const MAX_RAW_DEPTH = 32;
const CUT = '[cut: nested too deep]';

/** A raw payload fit to store: NUL removed, nesting cut at MAX_RAW_DEPTH; says whether it cut anything. */
function storable(value: unknown, depth = 0): { value: unknown; cut: boolean } {
  if (typeof value === 'string') return { value: value.replaceAll('\u0000', ''), cut: false };
  if (value === null || typeof value !== 'object') return { value, cut: false };
  if (depth >= MAX_RAW_DEPTH) return { value: CUT, cut: true };
  let cut = false;
  const inner = (v: unknown) => {
    const r = storable(v, depth + 1);
    cut ||= r.cut;
    return r.value;
  };
  const result = Array.isArray(value)
    ? value.map(inner)
    : Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replaceAll('\u0000', ''), inner(v)]));
  return { value: result, cut };
}

/** JSON with every object's keys in order: the same event re-posted gives the same text, however it is laid out. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

/**
 * What makes a provider event the same event when SendGrid posts it again: its sg_event_id — whatever timestamp
 * the re-delivery carries —, or, for an event without one, a hash of the whole event as posted.
 */
async function eventKey(record: Record<string, unknown>): Promise<string> {
  const id = text(record.sg_event_id, 200);
  return id ? `sg:${id}` : `raw:${await sha256Hex(canonical(storable(record).value))}`;
}

/** What one valid event is as a row, and what it says about its message and contact. */
function prepare(event: KnownEvent, messageId: string | null, key: string): PreparedEvent {
  const occurredAt = new Date(event.timestamp * 1000);
  const row: PreparedEvent = {
    key,
    id: uuidv7(occurredAt.getTime()),
    message_id: messageId,
    type: event.event,
    occurred_at: occurredAt,
    classification: null,
    reason: null,
    url: null,
    ip: null,
    user_agent: null,
    provider_event_id: event.sg_event_id,
    raw: null,
    delivery: null,
    effect: null,
    email_hash: null,
    test_send: messageId === null && event[CUSTOM_ARG.testSendId] !== undefined,
  };
  switch (event.event) {
    case 'processed':
      row.delivery = 'processed';
      break;
    case 'deferred':
    case 'delivered':
      row.delivery = event.event;
      row.reason = text(event.response, 200);
      break;
    case 'dropped':
      row.delivery = 'dropped';
      row.reason = text(event.reason, 200);
      row.effect = DROP_EFFECTS[event.reason ?? ''] ?? null;
      break;
    case 'bounce':
      // A "blocked" bounce is the receiving server refusing for now: it does not suppress the address.
      row.delivery = event.type === 'blocked' ? 'blocked' : 'bounced';
      row.effect = event.type === 'blocked' ? null : 'bounced';
      row.reason = text(`${event.type ?? 'bounce'}: ${event.reason ?? ''}`, 200);
      break;
    case 'open':
      row.classification = event.sg_machine_open ? 'machine' : 'human';
      row.reason = event.sg_machine_open ? 'sendgrid_machine_open' : 'sendgrid_open';
      row.ip = text(event.ip, 64);
      row.user_agent = text(event.useragent);
      break;
    case 'click':
      row.classification = 'human';
      row.reason = 'sendgrid_click';
      row.ip = text(event.ip, 64);
      row.user_agent = text(event.useragent);
      row.url = text(event.url, 2000);
      break;
    case 'spamreport':
      row.effect = 'complained';
      break;
    case 'unsubscribe':
    case 'group_unsubscribe':
      row.effect = 'unsubscribed';
      break;
    case 'group_resubscribe':
      break;
  }
  return row;
}

/**
 * An unknown type, or a known one that fails its schema: kept (without personal fields, nesting cut), never
 * failing the batch.
 */
function prepareRaw(record: Record<string, unknown>, why: string, now: Date, key: string): PreparedEvent {
  // An unknown event may still name a person: its address (hashed later, as suppressions keep it), IP and
  // agent are left out, since nothing ties the row to a contact that erasure could find.
  const { email: _email, ip: _ip, useragent: _agent, ...impersonal } = record;
  const raw = storable(impersonal);
  const reason = raw.cut ? `${why}; nested deeper than ${MAX_RAW_DEPTH} levels, cut` : why;
  const ms =
    typeof record.timestamp === 'number' && record.timestamp > 0 ? record.timestamp * 1000 : now.getTime();
  return {
    key,
    id: uuidv7(ms),
    message_id: null,
    type: text(record.event, 100) ?? 'unknown',
    occurred_at: new Date(ms),
    classification: null,
    reason: reason.slice(0, 200),
    url: null,
    ip: null,
    user_agent: null,
    provider_event_id: text(record.sg_event_id, 200),
    raw: raw.value as Record<string, unknown>,
    delivery: null,
    effect: null,
    email_hash: null,
    test_send: false,
  };
}

/**
 * Stores a batch of SendGrid events once each and applies what they say — message delivery state, first
 * opens and clicks, bounced/complained/unsubscribed contacts and their suppressions — in one statement. A
 * stopping event without our message id suppresses its address (by salted hash) and stops the contact holding it.
 * No HTTP here: the webhook endpoint calls it after verifying the signature, and tests call it directly.
 */
export async function ingestProviderEvents({
  deps,
  workspaceId,
  batch,
}: {
  deps: Deps;
  workspaceId: string;
  batch: unknown[];
}): Promise<IngestResult> {
  const now = deps.clock.now();
  const prepared: PreparedEvent[] = [];
  const seen = new Set<string>();
  // Events whose address must be hashed: stopping events without a message, and raw events.
  const addressed: { row: PreparedEvent; email: string }[] = [];
  let ignored = 0;
  let duplicates = 0;
  // Events by type, counted once the batch is committed (a rolled-back batch is redelivered and counted then).
  const received = new Map<string, number>();
  for (const item of batch) {
    const record = (typeof item === 'object' && item !== null ? item : { value: item }) as Record<
      string,
      unknown
    >;
    const key = await eventKey(record);
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    const known = typeof record.event === 'string' && (knownEventTypes as Set<string>).has(record.event);
    const type = known ? String(record.event) : 'other';
    received.set(type, (received.get(type) ?? 0) + 1);
    const check = KnownEvent.safeParse(record);
    if (!check.success) {
      const row = prepareRaw(
        record,
        known ? `invalid: ${check.error.issues[0]?.message ?? ''}` : 'unknown event type',
        now,
        key,
      );
      if (typeof record.email === 'string') addressed.push({ row, email: record.email });
      prepared.push(row);
      continue;
    }
    const ref = check.data[CUSTOM_ARG.messageId] ?? null;
    // An id that is not even a UUID cannot be one of our messages.
    if (ref !== null && !UUID_PATTERN.test(ref)) {
      ignored++;
      continue;
    }
    const row = prepare(check.data, ref, key);
    if (row.effect && ref === null) addressed.push({ row, email: check.data.email });
    prepared.push(row);
  }
  // An event without our message id (a test send, mail from another tool) still speaks for its address; a raw
  // one keeps only the address's hash.
  if (addressed.length > 0) {
    const salt = await workspaceSalt({ db: deps.db, workspaceId });
    for (const { row, email } of addressed) {
      const hash = await emailHash(salt, email);
      if (row.raw) row.raw.email_hash = hash;
      else row.email_hash = hash;
    }
  }

  // One transaction: a re-delivery after a failure here finds nothing new, so nothing may be left half done.
  const stored =
    prepared.length === 0
      ? null
      : await deps.db.transaction(async (tx) => {
          const ids = [...new Set(prepared.flatMap((e) => (e.message_id ? [e.message_id] : [])))];
          if (ids.length > 0) await lockMessagesInOrder(tx, workspaceId, { ids });
          const result = await storeProviderEvents(tx, workspaceId, prepared, now);
          await reexamineMessages({
            db: tx,
            keys: result.reexamine.map((id) => ({ workspace_id: workspaceId, message_id: id })),
          });
          return result;
        });
  for (const [type, n] of received) deps.counters?.add('kaifu_webhook_events_total', n, { type });
  return {
    received: batch.length,
    stored: stored?.stored ?? 0,
    duplicates: duplicates + prepared.length - (stored?.stored ?? 0) - (stored?.ignored ?? 0),
    ignored: ignored + (stored?.ignored ?? 0),
    unmatched: stored?.unmatched ?? 0,
    testSends: stored?.test_sends ?? 0,
    keptRaw: stored?.kept_raw ?? 0,
    suppressed: stored?.suppressed ?? 0,
  };
}
