DROP INDEX "events_message_idx";--> statement-breakpoint
CREATE INDEX "events_message_idx" ON "events" USING btree ("workspace_id","message_id","occurred_at");