DROP INDEX "messages_due_idx";--> statement-breakpoint
CREATE INDEX "messages_claim_idx" ON "messages" USING btree ("workspace_id","campaign_id","variant_id","due_at") WHERE "messages"."status" = 'scheduled';--> statement-breakpoint
CREATE INDEX "messages_inflight_idx" ON "messages" USING btree ("lease_until") WHERE "messages"."status" in ('sending', 'uncertain');--> statement-breakpoint
CREATE INDEX "messages_due_idx" ON "messages" USING btree ("due_at") WHERE "messages"."status" = 'scheduled';