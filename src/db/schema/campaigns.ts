import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type {
  Schedule,
  SendingWindow,
  SendTimeSettings,
  TestSettings,
} from '../../services/campaigns/campaign-input.js';
import type { ScheduleSummary } from '../../services/campaigns/schedule-campaign.js';
import type { TestDecision } from '../../services/experiments/decide-winner.js';
import type { SendArm } from '../../services/send-times/slot-policy.js';
import { at, createdAt, id, updatedAt, workspaceId } from './columns.js';

export const campaignStatuses = ['draft', 'scheduled', 'sending', 'sent', 'cancelled'] as const;

export const campaigns = pgTable(
  'campaigns',
  {
    workspaceId: workspaceId(),
    id: id(),
    name: text('name').notNull(),
    listId: uuid('list_id').notNull(),
    status: text('status', { enum: campaignStatuses }).notNull().default('draft'),
    fromEmail: text('from_email').notNull(),
    fromName: text('from_name').notNull(),
    replyTo: text('reply_to'),
    html: text('html').notNull(),
    text: text('text'),
    schedule: jsonb('schedule').$type<Schedule>(),
    test: jsonb('test').$type<TestSettings>(),
    sendingWindow: jsonb('sending_window').$type<SendingWindow>(),
    sendTime: jsonb('send_time').$type<SendTimeSettings>(),
    // Seed for the random variant assignment, kept so an assignment can be explained and reproduced.
    seed: text('seed').notNull(),
    // What the last expansion did: recipients, exclusions and moves, as answered to the scheduler.
    scheduleSummary: jsonb('schedule_summary').$type<ScheduleSummary>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    scheduledAt: at('scheduled_at'),
    cancelledAt: at('cancelled_at'),
    completedAt: at('completed_at'),
    // The A/B test's decision with its evidence, taken once by runDueWork (see services/experiments/run-due-decisions.ts).
    testDecision: jsonb('test_decision').$type<TestDecision & { decidedAt: string }>(),
    decidedAt: at('decided_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const variants = pgTable(
  'variants',
  {
    workspaceId: workspaceId(),
    id: id(),
    campaignId: uuid('campaign_id').notNull(),
    position: smallint('position').notNull(),
    subject: text('subject').notNull(),
    preheader: text('preheader'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('variants_campaign_idx').on(t.workspaceId, t.campaignId, t.position),
  ],
);

// The campaign's tracked URLs: a click redirect can only ever lead to one of these.
export const links = pgTable(
  'links',
  {
    workspaceId: workspaceId(),
    campaignId: uuid('campaign_id').notNull(),
    position: smallint('position').notNull(),
    url: text('url').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.campaignId, t.position] })],
);

export const messageStatuses = [
  'scheduled',
  'held',
  'sending',
  'uncertain',
  'sent',
  'failed',
  'suppressed',
  'cancelled',
] as const;

export const deliveryStatuses = [
  'processed',
  'deferred',
  'delivered',
  'bounced',
  'blocked',
  'dropped',
] as const;

// One per recipient per campaign. Local weekday/hour are those of the actual send in the contact's zone.
export const messages = pgTable(
  'messages',
  {
    workspaceId: workspaceId(),
    id: id(),
    campaignId: uuid('campaign_id').notNull(),
    variantId: uuid('variant_id'),
    contactId: uuid('contact_id').notNull(),
    // The contact's lead source when the campaign was scheduled: the rollups' cell, fixed like the send time.
    leadSource: text('lead_source'),
    status: text('status', { enum: messageStatuses }).notNull(),
    timezone: text('timezone').notNull(),
    // How Kaifu chose its send time (optimized, explore, holdout); null: the schedule's own time.
    sendArm: text('send_arm').$type<SendArm>(),
    scheduledAt: at('scheduled_at').notNull(),
    // When the dispatcher may next take it: the schedule, later a retry's backoff or a rate limit's wait.
    dueAt: at('due_at').notNull(),
    // The SendGrid request it went out in (or may have: see status 'uncertain').
    batchId: uuid('batch_id'),
    sentAt: at('sent_at'),
    localWeekday: smallint('local_weekday'),
    localHour: smallint('local_hour'),
    providerMessageId: text('provider_message_id'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    leaseUntil: at('lease_until'),
    // What SendGrid reported last, never moving backwards: processed < deferred < a final outcome.
    deliveryStatus: text('delivery_status', { enum: deliveryStatuses }),
    deliveredAt: at('delivered_at'),
    bouncedAt: at('bounced_at'),
    firstOpenAt: at('first_open_at'),
    firstHumanOpenAt: at('first_human_open_at'),
    firstClickAt: at('first_click_at'),
    firstHumanClickAt: at('first_human_click_at'),
    // Hits of any source and class (honeypot excluded), kept with the first-* times by every tracking write.
    openCount: integer('open_count').notNull().default(0),
    clickCount: integer('click_count').notNull().default(0),
    // Our own pixel and redirect hits answered but not stored: past HITS_PER_HOUR of a kind in one hour.
    opensCapped: integer('opens_capped').notNull().default(0),
    clicksCapped: integer('clicks_capped').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('messages_recipient_idx').on(t.workspaceId, t.campaignId, t.contactId),
    index('messages_contact_idx').on(t.workspaceId, t.contactId),
    index('messages_batch_idx').on(t.batchId).where(sql`${t.batchId} is not null`),
    // Only messages waiting to be sent: claimed ones leave these indexes, so neither grows with what was sent,
    // and engagement updates to sent mail never touch them.
    index('messages_due_idx').on(t.dueAt).where(sql`${t.status} = 'scheduled'`),
    // A claim takes one campaign variant's due messages in due order.
    index('messages_claim_idx')
      .on(t.workspaceId, t.campaignId, t.variantId, t.dueAt)
      .where(sql`${t.status} = 'scheduled'`),
    // In-flight and uncertain batches, for reconciliation.
    index('messages_inflight_idx').on(t.leaseUntil).where(sql`${t.status} in ('sending', 'uncertain')`),
    // A/B test remainders awaiting their winner: found per campaign when the test is decided, and counted by
    // /metrics, without reading the campaign's sent mail.
    index('messages_held_idx').on(t.workspaceId, t.campaignId).where(sql`${t.status} = 'held'`),
    // The send-time lift reads only the messages whose time Kaifu chose, per campaign.
    index('messages_arm_idx').on(t.workspaceId, t.campaignId).where(sql`${t.sendArm} is not null`),
  ],
);

// What would have gone out, fully rendered, for a workspace without a SendGrid key (and every test send).
export const outbox = pgTable(
  'outbox',
  {
    workspaceId: workspaceId(),
    id: id(),
    campaignId: uuid('campaign_id').notNull(),
    messageId: uuid('message_id'),
    toEmail: text('to_email').notNull(),
    fromEmail: text('from_email').notNull(),
    subject: text('subject').notNull(),
    html: text('html').notNull(),
    text: text('text').notNull(),
    headers: jsonb('headers').$type<Record<string, string>>().notNull(),
    test: boolean('test').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('outbox_campaign_idx').on(t.workspaceId, t.campaignId, t.id),
  ],
);
