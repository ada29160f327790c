ALTER TABLE "campaigns" ADD COLUMN "send_time" jsonb;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "send_arm" text;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "send_time" jsonb DEFAULT '{"explorationShare":0.1,"holdoutShare":0.1,"usual":null}'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "messages_arm_idx" ON "messages" USING btree ("workspace_id","campaign_id") WHERE "messages"."send_arm" is not null;