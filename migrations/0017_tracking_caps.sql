ALTER TABLE "messages" ADD COLUMN "opens_capped" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "clicks_capped" integer DEFAULT 0 NOT NULL;