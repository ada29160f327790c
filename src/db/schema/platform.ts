import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { DEFAULT_SEND_TIME, type WorkspaceSendTime } from '../../services/send-times/workspace-send-time.js';
import { at, createdAt, id, updatedAt, workspaceId } from './columns.js';

export const workspaces = pgTable('workspaces', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  defaultTimezone: text('default_timezone').notNull().default('UTC'),
  senderName: text('sender_name'),
  senderEmail: text('sender_email'),
  senderPostalAddress: text('sender_postal_address'),
  // Salt for suppression hashes; per workspace so a rotated KAIFU_SECRET never orphans a suppression.
  emailHashSalt: text('email_hash_salt').notNull(),
  sendgridApiKeyEncrypted: text('sendgrid_api_key_encrypted'),
  sendgridWebhookKeys: jsonb('sendgrid_webhook_keys').$type<string[]>().notNull().default([]),
  sendgridOpenTracking: boolean('sendgrid_open_tracking').notNull().default(true),
  // Recipients per minute this workspace may send, and a pause SendGrid's 429 asked for.
  sendRatePerMinute: integer('send_rate_per_minute').notNull().default(60_000),
  // A conversion is credited to the contact's latest campaign with a human open or click this many days before.
  attributionDays: integer('attribution_days').notNull().default(30),
  /** How many observations the KPI plan's assumed rates are worth against the workspace's own history. */
  kpiPriorStrength: integer('kpi_prior_strength').notNull().default(20),
  /** Exploration and holdout defaults of optimized schedules, and the usual send time the holdout keeps. */
  sendTime: jsonb('send_time').$type<WorkspaceSendTime>().notNull().default(DEFAULT_SEND_TIME),
  sendPausedUntil: at('send_paused_until'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const apiKeys = pgTable(
  'api_keys',
  {
    workspaceId: workspaceId(),
    id: id(),
    name: text('name').notNull(),
    role: text('role', { enum: ['reader', 'analyst', 'marketer', 'admin'] }).notNull(),
    // SHA-256 of the full key: keys carry 256 random bits, so a slow hash would add nothing.
    keyHash: text('key_hash').notNull(),
    prefix: text('prefix').notNull(),
    createdAt: createdAt(),
    createdBy: uuid('created_by'),
    expiresAt: at('expires_at'),
    revokedAt: at('revoked_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('api_keys_key_hash_idx').on(t.keyHash),
    check('api_keys_role_check', sql`${t.role} in ('reader', 'analyst', 'marketer', 'admin')`),
  ],
);

// Fixed one-minute windows per workspace and bucket (RATE_BUCKETS); counted in Postgres because Workers run many
// isolates.
export const rateLimitWindows = pgTable(
  'rate_limit_windows',
  {
    workspaceId: workspaceId(),
    bucket: text('bucket').notNull(),
    windowStart: at('window_start').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.bucket, t.windowStart] }),
    index('rate_limit_windows_start_idx').on(t.windowStart),
  ],
);

// Dashboard sessions signed out before they expired. Sessions are signed cookies, so signing out must be
// remembered server-side until the session would have expired anyway; runDueWork then forgets it.
export const endedSessions = pgTable(
  'ended_sessions',
  {
    nonce: text('nonce').primaryKey(),
    workspaceId: workspaceId(),
    expiresAt: at('expires_at').notNull(),
  },
  (t) => [index('ended_sessions_expires_idx').on(t.expiresAt)],
);

// An answer belongs to the API key that asked (as Stripe scopes them): no other key may ever replay it.
export const idempotencyRecords = pgTable(
  'idempotency_records',
  {
    workspaceId: workspaceId(),
    keyId: uuid('key_id').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    state: text('state', { enum: ['running', 'done'] }).notNull(),
    responseStatus: integer('response_status'),
    responseBody: text('response_body'),
    responseContentType: text('response_content_type'),
    // A crashed first request must not block its retries forever.
    lockedUntil: at('locked_until').notNull(),
    createdAt: createdAt(),
    expiresAt: at('expires_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.keyId, t.method, t.path, t.key] }),
    index('idempotency_records_expires_idx').on(t.expiresAt),
  ],
);

export const auditLog = pgTable(
  'audit_log',
  {
    workspaceId: workspaceId(),
    id: id(),
    actorKeyId: uuid('actor_key_id'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    requestId: text('request_id'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);
