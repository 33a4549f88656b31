CREATE TABLE "alerts" (
	"id" text PRIMARY KEY NOT NULL,
	"rule_id" text NOT NULL,
	"rule_name" text NOT NULL,
	"trigger" text NOT NULL,
	"object_ids" jsonb NOT NULL,
	"geofence_id" text,
	"observed_at" bigint NOT NULL,
	"raised_at" bigint NOT NULL,
	"lon" double precision,
	"lat" double precision,
	"message" text NOT NULL,
	"details" jsonb NOT NULL,
	"acknowledged_at" bigint
);
--> statement-breakpoint
CREATE TABLE "geofences" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"geometry" jsonb NOT NULL,
	"min_lon" double precision NOT NULL,
	"min_lat" double precision NOT NULL,
	"max_lon" double precision NOT NULL,
	"max_lat" double precision NOT NULL,
	"object_id" text,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rule_state" (
	"rule_id" text NOT NULL,
	"key" text NOT NULL,
	"state" jsonb NOT NULL,
	CONSTRAINT "rule_state_rule_id_key_pk" PRIMARY KEY("rule_id","key")
);
--> statement-breakpoint
CREATE TABLE "rules" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"filter" text DEFAULT '' NOT NULL,
	"trigger" jsonb NOT NULL,
	"rearm_seconds" double precision DEFAULT 0 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "rule_state" ADD CONSTRAINT "rule_state_rule_id_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alerts_raised_idx" ON "alerts" USING btree ("raised_at","id");--> statement-breakpoint
CREATE INDEX "alerts_rule_raised_idx" ON "alerts" USING btree ("rule_id","raised_at","id");--> statement-breakpoint
CREATE INDEX "alerts_unacknowledged_idx" ON "alerts" USING btree ("raised_at","id") WHERE acknowledged_at IS NULL;