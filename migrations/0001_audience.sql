ALTER TABLE "contacts" ADD COLUMN "email_hash" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "schedule_summary" jsonb;--> statement-breakpoint
CREATE INDEX "contacts_email_hash_idx" ON "contacts" USING btree ("workspace_id","email_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_recipient_idx" ON "messages" USING btree ("workspace_id","campaign_id","contact_id");--> statement-breakpoint
CREATE INDEX "messages_contact_idx" ON "messages" USING btree ("workspace_id","contact_id");