CREATE TABLE "provider_event_keys" (
	"workspace_id" uuid NOT NULL,
	"key" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "provider_event_keys_workspace_id_key_pk" PRIMARY KEY("workspace_id","key")
);
--> statement-breakpoint
DROP INDEX "events_provider_event_idx";--> statement-breakpoint
CREATE INDEX "provider_event_keys_received_idx" ON "provider_event_keys" USING btree ("received_at");--> statement-breakpoint
-- Events of the last week keep deduplicating re-deliveries across the upgrade (raw ones without an id cannot:
-- their key is a hash of the event as posted, which was not kept whole).
INSERT INTO "provider_event_keys" ("workspace_id", "key", "received_at")
SELECT DISTINCT ON ("workspace_id", "provider_event_id") "workspace_id", 'sg:' || "provider_event_id", "created_at"
FROM "events"
WHERE "provider_event_id" IS NOT NULL AND "created_at" > now() - interval '7 days'
ORDER BY "workspace_id", "provider_event_id", "created_at"
ON CONFLICT DO NOTHING;
