CREATE TABLE "apple_proxy_ranges" (
	"range" "cidr" PRIMARY KEY NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "open_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "click_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "details_truncated_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "apple_proxy_ranges_gist_idx" ON "apple_proxy_ranges" USING gist ("range" inet_ops);--> statement-breakpoint
CREATE INDEX "events_identifiable_idx" ON "events" USING btree ("occurred_at") WHERE "events"."details_truncated_at" is null and ("events"."ip" is not null or "events"."user_agent" is not null);