CREATE TABLE "change_log" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"instance_id" text NOT NULL,
	"changes" jsonb NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "connector_leases" (
	"source_id" text PRIMARY KEY NOT NULL,
	"owner_id" text NOT NULL,
	"owner_label" text NOT NULL,
	"expires_at" bigint NOT NULL,
	"acquired_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "change_log_created_at_idx" ON "change_log" USING btree ("created_at");