CREATE TABLE "change_log_horizon" (
	"id" integer PRIMARY KEY NOT NULL,
	"pruned_through" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "object_tombstones" (
	"source_id" text NOT NULL,
	"type" text NOT NULL,
	"osm_id" text NOT NULL,
	"deleted_at" bigint NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "object_tombstones_source_id_type_osm_id_pk" PRIMARY KEY("source_id","type","osm_id")
);
