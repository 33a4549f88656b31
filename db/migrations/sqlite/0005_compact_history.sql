-- Custom migration (drizzle-kit --custom), issue 14: history becomes compact. One row per accepted
-- observation in `object_positions` (WITHOUT ROWID, keyed by the object's rowid and the time in ms;
-- lon/lat in 1e-7 degrees; numeric speed/heading/altitude tags as columns; the whole geometry only
-- when it is not a 2D point; lon/lat of a geometry that is not a point is the bbox centre) and one row per change of the
-- other tags in `object_tag_changes` (the full tag set from that time on). Every `object_history`
-- row is carried over: its position, and its tags where they differ from the row before; then the
-- old table goes. A trigger deletes an object's history with the object (cascades included).
CREATE TABLE `object_positions` (
	`object_key` integer NOT NULL,
	`t` integer NOT NULL,
	`lon` integer NOT NULL,
	`lat` integer NOT NULL,
	`speed` real,
	`heading` real,
	`altitude` real,
	`geom` text,
	`delay_ms` integer NOT NULL,
	PRIMARY KEY(`object_key`, `t`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `object_tag_changes` (
	`object_key` integer NOT NULL,
	`t` integer NOT NULL,
	`tags` text NOT NULL,
	`origin` text NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `object_tag_changes_key_t_uq` ON `object_tag_changes` (`object_key`,`t`);
--> statement-breakpoint
INSERT INTO `object_positions` (`object_key`, `t`, `lon`, `lat`, `speed`, `heading`, `altitude`, `geom`, `delay_ms`)
SELECT k, t,
	CAST(round((CASE WHEN point THEN json_extract(geom, '$.coordinates[0]') ELSE (min_lon + max_lon) / 2.0 END) * 1e7) AS INTEGER),
	CAST(round((CASE WHEN point THEN json_extract(geom, '$.coordinates[1]') ELSE (min_lat + max_lat) / 2.0 END) * 1e7) AS INTEGER),
	CASE WHEN json_type(tags, '$.speed') IN ('integer', 'real') THEN json_extract(tags, '$.speed') END,
	CASE WHEN json_type(tags, '$.heading') IN ('integer', 'real') THEN json_extract(tags, '$.heading') END,
	CASE WHEN json_type(tags, '$.altitude') IN ('integer', 'real') THEN json_extract(tags, '$.altitude') END,
	CASE WHEN simple THEN NULL ELSE geom END,
	received_at - t
FROM (
	SELECT o.rowid AS k, h.observed_at AS t, h.received_at, h.geom, h.tags, o.min_lon, o.max_lon, o.min_lat, o.max_lat,
		coalesce(json_extract(h.geom, '$.type') = 'Point', 0) AS point,
		coalesce(json_extract(h.geom, '$.type') = 'Point' AND json_array_length(h.geom, '$.coordinates') = 2, 0) AS simple
	FROM `object_history` h JOIN `osm_objects` o ON o.id = h.object_id
	WHERE h.geom IS NOT NULL
);
--> statement-breakpoint
INSERT INTO `object_tag_changes` (`object_key`, `t`, `tags`, `origin`, `received_at`)
SELECT k, t, st, 'source', received_at FROM (
	SELECT k, t, st, received_at, lag(st) OVER (PARTITION BY k ORDER BY t) AS prev FROM (
		SELECT o.rowid AS k, h.observed_at AS t, h.received_at,
			json_remove(h.tags,
				CASE WHEN json_type(h.tags, '$.speed') IN ('integer', 'real') THEN '$.speed' ELSE '$."' || char(1) || '"' END,
				CASE WHEN json_type(h.tags, '$.heading') IN ('integer', 'real') THEN '$.heading' ELSE '$."' || char(1) || '"' END,
				CASE WHEN json_type(h.tags, '$.altitude') IN ('integer', 'real') THEN '$.altitude' ELSE '$."' || char(1) || '"' END
			) AS st
		FROM `object_history` h JOIN `osm_objects` o ON o.id = h.object_id
		WHERE h.tags IS NOT NULL
	)
)
WHERE prev IS NULL OR prev <> st;
--> statement-breakpoint
CREATE TRIGGER `osm_objects_history_ad` AFTER DELETE ON `osm_objects` BEGIN
	DELETE FROM `object_positions` WHERE `object_key` = old.rowid;
	DELETE FROM `object_tag_changes` WHERE `object_key` = old.rowid;
END;
--> statement-breakpoint
DROP TABLE `object_history`;
