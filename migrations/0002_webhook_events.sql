DROP INDEX "events_provider_event_idx";--> statement-breakpoint
ALTER TABLE "events" DROP CONSTRAINT "events_workspace_id_id_pk";--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_workspace_id_id_occurred_at_pk" PRIMARY KEY("workspace_id","id","occurred_at");--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "delivery_status" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "url" text;--> statement-breakpoint
CREATE UNIQUE INDEX "events_provider_event_idx" ON "events" USING btree ("workspace_id","provider_event_id","occurred_at");