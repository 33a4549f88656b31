-- Custom migration (drizzle-kit --custom): a "loose" R*Tree for moving objects. An update rewrites the
-- R*Tree entry only when the new bbox no longer fits inside the stored box, or the stored box is more
-- than 0.03° wider or taller than the bbox (so it never stays much bigger than the object, e.g. after
-- a polygon shrinks); the rewritten box is the bbox padded by 0.01°, clamped to the world but never
-- cut smaller than the bbox. The R*Tree is therefore a superset index: readers (the filter SQL)
-- re-check the exact min_/max_ columns. Inserts stay exact; the delete trigger (cascades too) is unchanged.
DROP TRIGGER IF EXISTS `osm_objects_rtree_au`;
--> statement-breakpoint
CREATE TRIGGER `osm_objects_rtree_au` AFTER UPDATE OF `min_lon`, `max_lon`, `min_lat`, `max_lat` ON `osm_objects`
WHEN NOT EXISTS (
  SELECT 1 FROM `osm_objects_rtree` r WHERE r.`id` = NEW.rowid
    AND r.`min_lon` <= NEW.min_lon AND r.`max_lon` >= NEW.max_lon
    AND r.`min_lat` <= NEW.min_lat AND r.`max_lat` >= NEW.max_lat
    AND r.`max_lon` - r.`min_lon` <= NEW.max_lon - NEW.min_lon + 0.03
    AND r.`max_lat` - r.`min_lat` <= NEW.max_lat - NEW.min_lat + 0.03
) BEGIN
  INSERT OR REPLACE INTO `osm_objects_rtree` (`id`, `min_lon`, `max_lon`, `min_lat`, `max_lat`)
  VALUES (
    NEW.rowid,
    min(NEW.min_lon, max(-180.0, NEW.min_lon - 0.01)),
    max(NEW.max_lon, min(180.0, NEW.max_lon + 0.01)),
    min(NEW.min_lat, max(-90.0, NEW.min_lat - 0.01)),
    max(NEW.max_lat, min(90.0, NEW.max_lat + 0.01))
  );
END;
