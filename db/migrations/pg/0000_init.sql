CREATE TABLE "data_sources" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"type" text NOT NULL,
	"connection_info" jsonb NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"token_hash" text DEFAULT '' NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "object_history" (
	"id" text PRIMARY KEY NOT NULL,
	"object_id" text NOT NULL,
	"geom" jsonb,
	"tags" jsonb,
	"observed_at" bigint NOT NULL,
	"received_at" bigint NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "osm_objects" (
	"id" text PRIMARY KEY NOT NULL,
	"source_id" text NOT NULL,
	"type" text NOT NULL,
	"osm_id" text NOT NULL,
	"tags" jsonb NOT NULL,
	"geom" jsonb NOT NULL,
	"name" text,
	"kind" text,
	"min_lon" double precision NOT NULL,
	"min_lat" double precision NOT NULL,
	"max_lon" double precision NOT NULL,
	"max_lat" double precision NOT NULL,
	"bbox" "box" GENERATED ALWAYS AS (box(point(min_lon, min_lat), point(max_lon, max_lat))) STORED,
	"tainted" boolean DEFAULT false NOT NULL,
	"observed_at" bigint NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "object_history" ADD CONSTRAINT "object_history_object_id_osm_objects_id_fk" FOREIGN KEY ("object_id") REFERENCES "public"."osm_objects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "osm_objects" ADD CONSTRAINT "osm_objects_source_id_data_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."data_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "object_history_object_observed_uq" ON "object_history" USING btree ("object_id","observed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "osm_objects_source_type_osm_id_uq" ON "osm_objects" USING btree ("source_id","type","osm_id");--> statement-breakpoint
CREATE INDEX "osm_objects_observed_at_idx" ON "osm_objects" USING btree ("observed_at");--> statement-breakpoint
CREATE INDEX "osm_objects_name_idx" ON "osm_objects" USING btree ("name");--> statement-breakpoint
CREATE INDEX "osm_objects_tags_gin" ON "osm_objects" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "osm_objects_bbox_gist" ON "osm_objects" USING gist ("bbox");