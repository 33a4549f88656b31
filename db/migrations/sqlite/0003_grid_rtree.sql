-- Custom migration (drizzle-kit --custom): the R*Tree holds each object's bbox snapped outward to a
-- 0.01° grid (plus 1e-6 so float rounding never cuts it smaller than the bbox). An update rewrites
-- the entry only when a bbox edge moves into another grid cell, which the trigger decides from OLD
-- and NEW alone: unlike 0002's loose box it reads nothing from the R*Tree on every update. The
-- R*Tree stays a superset index (at most 0.01° too big); readers re-check the exact min_/max_
-- columns. A missing entry is put back by the next cell change; deletes (cascades too) are unchanged.
DROP TRIGGER IF EXISTS `osm_objects_rtree_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `osm_objects_rtree_au`;
--> statement-breakpoint
CREATE TRIGGER `osm_objects_rtree_ai` AFTER INSERT ON `osm_objects` BEGIN
  INSERT OR REPLACE INTO `osm_objects_rtree` (`id`, `min_lon`, `max_lon`, `min_lat`, `max_lat`)
  VALUES (
    NEW.rowid,
    floor(NEW.min_lon * 100) / 100 - 1e-6,
    (floor(NEW.max_lon * 100) + 1) / 100 + 1e-6,
    floor(NEW.min_lat * 100) / 100 - 1e-6,
    (floor(NEW.max_lat * 100) + 1) / 100 + 1e-6
  );
END;
--> statement-breakpoint
CREATE TRIGGER `osm_objects_rtree_au` AFTER UPDATE OF `min_lon`, `max_lon`, `min_lat`, `max_lat` ON `osm_objects`
WHEN floor(NEW.min_lon * 100) <> floor(OLD.min_lon * 100) OR floor(NEW.max_lon * 100) <> floor(OLD.max_lon * 100)
  OR floor(NEW.min_lat * 100) <> floor(OLD.min_lat * 100) OR floor(NEW.max_lat * 100) <> floor(OLD.max_lat * 100)
BEGIN
  INSERT OR REPLACE INTO `osm_objects_rtree` (`id`, `min_lon`, `max_lon`, `min_lat`, `max_lat`)
  VALUES (
    NEW.rowid,
    floor(NEW.min_lon * 100) / 100 - 1e-6,
    (floor(NEW.max_lon * 100) + 1) / 100 + 1e-6,
    floor(NEW.min_lat * 100) / 100 - 1e-6,
    (floor(NEW.max_lat * 100) + 1) / 100 + 1e-6
  );
END;
--> statement-breakpoint
DELETE FROM `osm_objects_rtree`;
--> statement-breakpoint
INSERT INTO `osm_objects_rtree` (`id`, `min_lon`, `max_lon`, `min_lat`, `max_lat`)
SELECT
  rowid,
  floor(min_lon * 100) / 100 - 1e-6,
  (floor(max_lon * 100) + 1) / 100 + 1e-6,
  floor(min_lat * 100) / 100 - 1e-6,
  (floor(max_lat * 100) + 1) / 100 + 1e-6
FROM `osm_objects`;
