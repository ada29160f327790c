ALTER TABLE "campaigns" ADD COLUMN "test_decision" jsonb;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "decided_at" timestamp with time zone;