import { sql } from 'drizzle-orm';
import {
  cidr,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { at, createdAt, id, workspaceId } from './columns.js';

export const eventSources = ['pixel', 'redirect', 'sendgrid'] as const;
export const classifications = ['human', 'machine', 'bot'] as const;

export const events = pgTable(
  'events',
  {
    workspaceId: workspaceId(),
    id: id(),
    messageId: uuid('message_id'),
    type: text('type').notNull(),
    source: text('source', { enum: eventSources }).notNull(),
    occurredAt: at('occurred_at').notNull(),
    receivedAt: createdAt(),
    // Revisable: later evidence (a delivered timestamp, a click) may change it; reports use the current one.
    classification: text('classification', { enum: classifications }),
    reason: text('reason'),
    linkPosition: smallint('link_position'),
    url: text('url'),
    // Kept in full only while classification needs them, then truncated (see retention); erased with the contact.
    ip: text('ip'),
    userAgent: text('user_agent'),
    detailsTruncatedAt: at('details_truncated_at'),
    providerEventId: text('provider_event_id'),
    raw: jsonb('raw').$type<Record<string, unknown>>(),
  },
  // The key includes occurred_at so a future monthly partitioning keeps it. Provider events are deduplicated in
  // provider_event_keys, not here: a unique index on a partitioned table must hold the partition key, and SendGrid
  // may re-send an event under another timestamp.
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id, t.occurredAt] }),
    // A message's events in time order: all of them, or a new click's neighbours within seconds.
    index('events_message_idx').on(t.workspaceId, t.messageId, t.occurredAt),
    // Only events whose IP or user agent is still whole: what the retention job has left to truncate.
    index('events_identifiable_idx')
      .on(t.occurredAt)
      .where(sql`${t.detailsTruncatedAt} is null and (${t.ip} is not null or ${t.userAgent} is not null)`),
  ],
);

// Each provider event seen, so a re-delivery is stored and counted once: SendGrid's sg_event_id, or a hash of the
// raw event when it has none. Written in the statement that stores the events; pruned after PROVIDER_EVENT_KEY_DAYS
// (longer than SendGrid's 24 hours of retries). Unpartitioned, whatever becomes of events.
export const providerEventKeys = pgTable(
  'provider_event_keys',
  {
    workspaceId: workspaceId(),
    key: text('key').notNull(),
    receivedAt: at('received_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.key] }),
    index('provider_event_keys_received_idx').on(t.receivedAt),
  ],
);

// Apple's published egress ranges (Mail Privacy Protection fetches from them). In Postgres, since Workers have
// no files; replaced whole by `npm run kaifu -- apple-ranges refresh`.
export const appleProxyRanges = pgTable(
  'apple_proxy_ranges',
  {
    range: cidr('range').primaryKey(),
    refreshedAt: at('refreshed_at').notNull(),
  },
  (t) => [index('apple_proxy_ranges_gist_idx').using('gist', t.range.op('inet_ops'))],
);

// Counts of messages per cell (a sent message counts once in each column that applies to it), kept by the
// statement trigger messages_rollup in the same transaction as every write that changes a message: created in
// migration 0007, its function as it is now in 0014. Read through db/queries/rollups.ts.
export const rollups = pgTable(
  'rollups',
  {
    workspaceId: workspaceId(),
    campaignId: uuid('campaign_id').notNull(),
    variantId: uuid('variant_id').notNull(),
    // The date of the send in the recipient's zone, for date filters and months, as weekday and hour are.
    sentOn: date('sent_on', { mode: 'string' }).notNull(),
    localWeekday: smallint('local_weekday').notNull(),
    localHour: smallint('local_hour').notNull(),
    leadSource: text('lead_source').notNull(),
    sends: integer('sends').notNull().default(0),
    delivered: integer('delivered').notNull().default(0),
    opens: integer('opens').notNull().default(0),
    humanOpens: integer('human_opens').notNull().default(0),
    machineOpens: integer('machine_opens').notNull().default(0),
    clicks: integer('clicks').notNull().default(0),
    humanClicks: integer('human_clicks').notNull().default(0),
    botClicks: integer('bot_clicks').notNull().default(0),
  },
  (t) => [
    primaryKey({
      columns: [
        t.workspaceId,
        t.campaignId,
        t.variantId,
        t.sentOn,
        t.localWeekday,
        t.localHour,
        t.leadSource,
      ],
    }),
  ],
);

export const conversions = pgTable(
  'conversions',
  {
    workspaceId: workspaceId(),
    id: id(),
    contactId: uuid('contact_id').notNull(),
    type: text('type', { enum: ['meeting', 'won'] }).notNull(),
    occurredAt: at('occurred_at').notNull(),
    amount: numeric('amount'),
    externalId: text('external_id'),
    campaignId: uuid('campaign_id'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('conversions_external_idx').on(t.workspaceId, t.type, t.externalId),
  ],
);

export const kpiTargets = pgTable(
  'kpi_targets',
  {
    workspaceId: workspaceId(),
    month: text('month').notNull(),
    wonTarget: integer('won_target'),
    openRateTarget: real('open_rate_target'),
    defaultMeetingRate: real('default_meeting_rate'),
    defaultWinRate: real('default_win_rate'),
    payload: jsonb('payload').$type<Record<string, unknown>>(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.month] })],
);
