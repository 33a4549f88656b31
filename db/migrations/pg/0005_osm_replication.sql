CREATE TABLE "osm_node_locations" (
	"node_id" bigint PRIMARY KEY NOT NULL,
	"lon_e7" integer NOT NULL,
	"lat_e7" integer NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "osm_replication_state" (
	"source_id" text PRIMARY KEY NOT NULL,
	"sequence" bigint NOT NULL,
	"data_timestamp" bigint,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "osm_replication_state" ADD CONSTRAINT "osm_replication_state_source_id_data_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."data_sources"("id") ON DELETE cascade ON UPDATE no action;