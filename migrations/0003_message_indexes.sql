DROP INDEX "messages_campaign_idx";--> statement-breakpoint
DROP INDEX "messages_due_idx";--> statement-breakpoint
CREATE INDEX "messages_due_idx" ON "messages" USING btree ("status","scheduled_at") WHERE "messages"."status" in ('scheduled', 'sending', 'uncertain');--> statement-breakpoint
-- Room on each page so engagement updates (opens, clicks, delivery) can be HOT updates that skip the indexes.
ALTER TABLE "messages" SET (fillfactor = 50);
