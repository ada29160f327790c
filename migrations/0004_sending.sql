CREATE TABLE "outbox" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"message_id" uuid,
	"to_email" text NOT NULL,
	"from_email" text NOT NULL,
	"subject" text NOT NULL,
	"html" text NOT NULL,
	"text" text NOT NULL,
	"headers" jsonb NOT NULL,
	"test" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outbox_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
DROP INDEX "messages_due_idx";--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "due_at" timestamp with time zone;--> statement-breakpoint
UPDATE "messages" SET "due_at" = "scheduled_at";--> statement-breakpoint
ALTER TABLE "messages" ALTER COLUMN "due_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "batch_id" uuid;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "send_rate_per_minute" integer DEFAULT 60000 NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "send_paused_until" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "outbox_campaign_idx" ON "outbox" USING btree ("workspace_id","campaign_id","id");--> statement-breakpoint
CREATE INDEX "messages_batch_idx" ON "messages" USING btree ("batch_id") WHERE "messages"."batch_id" is not null;--> statement-breakpoint
CREATE INDEX "messages_due_idx" ON "messages" USING btree ("status","due_at") WHERE "messages"."status" in ('scheduled', 'sending', 'uncertain');