import { timestamp, uuid } from 'drizzle-orm/pg-core';

// Shared column builders: every tenant table starts with workspace_id so a tenant-sharded Postgres can
// distribute it unchanged; ids are UUIDv7 made in the app (neither PGlite nor Postgres 15 has uuidv7()).
export const workspaceId = () => uuid('workspace_id').notNull();
export const id = () => uuid('id').notNull();
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const at = (name: string) => timestamp(name, { withTimezone: true });
export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
