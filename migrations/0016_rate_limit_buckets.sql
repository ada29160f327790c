-- Windows count more than API keys (a workspace's sends, its test sends): the key id becomes a named bucket.
-- Old windows are a minute long and worthless after it.
DELETE FROM "rate_limit_windows";--> statement-breakpoint
ALTER TABLE "rate_limit_windows" RENAME COLUMN "key_id" TO "bucket";--> statement-breakpoint
ALTER TABLE "rate_limit_windows" ALTER COLUMN "bucket" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "rate_limit_windows" DROP CONSTRAINT "rate_limit_windows_workspace_id_key_id_window_start_pk";--> statement-breakpoint
ALTER TABLE "rate_limit_windows" ADD CONSTRAINT "rate_limit_windows_workspace_id_bucket_window_start_pk" PRIMARY KEY("workspace_id","bucket","window_start");
