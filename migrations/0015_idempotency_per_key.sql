-- Answers kept before this were shared by every key of a workspace; they cannot be attributed, so they go.
DELETE FROM "idempotency_records";--> statement-breakpoint
ALTER TABLE "idempotency_records" DROP CONSTRAINT "idempotency_records_workspace_id_method_path_key_pk";--> statement-breakpoint
ALTER TABLE "idempotency_records" ADD COLUMN "key_id" uuid NOT NULL;--> statement-breakpoint
ALTER TABLE "idempotency_records" ADD CONSTRAINT "idempotency_records_workspace_id_key_id_method_path_key_pk" PRIMARY KEY("workspace_id","key_id","method","path","key");
