-- Custom migration (drizzle-kit --custom), issue 14: history becomes compact, as in SQLite's 0005.
-- One row per accepted observation in `object_positions` (time in ms; lon/lat in 1e-7 degrees;
-- numeric speed/heading/altitude tags as columns; the whole geometry only when it is not a 2D
-- point; lon/lat of a geometry that is not a point is the bbox centre) and one row per change of the other tags in
-- `object_tag_changes`. Every `object_history` row is carried over, then the old table goes.
CREATE TABLE "object_positions" (
	"object_key" text NOT NULL,
	"t" bigint NOT NULL,
	"lon" integer NOT NULL,
	"lat" integer NOT NULL,
	"speed" double precision,
	"heading" double precision,
	"altitude" double precision,
	"geom" jsonb,
	"delay_ms" bigint NOT NULL,
	CONSTRAINT "object_positions_object_key_t_pk" PRIMARY KEY("object_key","t")
);
--> statement-breakpoint
CREATE TABLE "object_tag_changes" (
	"object_key" text NOT NULL,
	"t" bigint NOT NULL,
	"tags" jsonb NOT NULL,
	"origin" text NOT NULL,
	"received_at" bigint NOT NULL,
	CONSTRAINT "object_tag_changes_object_key_t_pk" PRIMARY KEY("object_key","t")
);
--> statement-breakpoint
ALTER TABLE "object_positions" ADD CONSTRAINT "object_positions_object_key_osm_objects_id_fk" FOREIGN KEY ("object_key") REFERENCES "public"."osm_objects"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "object_tag_changes" ADD CONSTRAINT "object_tag_changes_object_key_osm_objects_id_fk" FOREIGN KEY ("object_key") REFERENCES "public"."osm_objects"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
INSERT INTO "object_positions" ("object_key", "t", "lon", "lat", "speed", "heading", "altitude", "geom", "delay_ms")
SELECT h.object_id, h.observed_at,
	round((CASE WHEN s.point THEN (h.geom -> 'coordinates' ->> 0)::float8 ELSE (o.min_lon + o.max_lon) / 2 END) * 1e7)::integer,
	round((CASE WHEN s.point THEN (h.geom -> 'coordinates' ->> 1)::float8 ELSE (o.min_lat + o.max_lat) / 2 END) * 1e7)::integer,
	CASE WHEN jsonb_typeof(h.tags -> 'speed') = 'number' THEN (h.tags ->> 'speed')::float8 END,
	CASE WHEN jsonb_typeof(h.tags -> 'heading') = 'number' THEN (h.tags ->> 'heading')::float8 END,
	CASE WHEN jsonb_typeof(h.tags -> 'altitude') = 'number' THEN (h.tags ->> 'altitude')::float8 END,
	CASE WHEN s.simple THEN NULL ELSE h.geom END,
	h.received_at - h.observed_at
FROM "object_history" h JOIN "osm_objects" o ON o.id = h.object_id
CROSS JOIN LATERAL (SELECT coalesce(h.geom ->> 'type' = 'Point', false) AS point,
	coalesce(h.geom ->> 'type' = 'Point' AND jsonb_typeof(h.geom -> 'coordinates') = 'array'
	AND jsonb_array_length(h.geom -> 'coordinates') = 2, false) AS simple) s
WHERE h.geom IS NOT NULL;
--> statement-breakpoint
INSERT INTO "object_tag_changes" ("object_key", "t", "tags", "origin", "received_at")
SELECT k, t, st, 'source', received_at FROM (
	SELECT k, t, st, received_at, lag(st) OVER (PARTITION BY k ORDER BY t) AS prev FROM (
		SELECT h.object_id AS k, h.observed_at AS t, h.received_at,
			h.tags - array_remove(ARRAY[
				CASE WHEN jsonb_typeof(h.tags -> 'speed') = 'number' THEN 'speed' END,
				CASE WHEN jsonb_typeof(h.tags -> 'heading') = 'number' THEN 'heading' END,
				CASE WHEN jsonb_typeof(h.tags -> 'altitude') = 'number' THEN 'altitude' END
			], NULL) AS st
		FROM "object_history" h
		WHERE h.tags IS NOT NULL
	) x
) y
WHERE prev IS NULL OR prev <> st;
--> statement-breakpoint
DROP TABLE "object_history";
