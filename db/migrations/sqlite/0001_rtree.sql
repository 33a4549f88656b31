-- Custom migration (drizzle-kit --custom): the R*Tree over object bounding boxes, which drizzle-kit
-- cannot express. `id` is osm_objects.rowid; triggers keep it in sync, including cascade deletes.
CREATE VIRTUAL TABLE `osm_objects_rtree` USING rtree(`id`, `min_lon`, `max_lon`, `min_lat`, `max_lat`);
--> statement-breakpoint
CREATE TRIGGER `osm_objects_rtree_ai` AFTER INSERT ON `osm_objects` BEGIN
  INSERT INTO `osm_objects_rtree` (`id`, `min_lon`, `max_lon`, `min_lat`, `max_lat`)
  VALUES (NEW.rowid, NEW.min_lon, NEW.max_lon, NEW.min_lat, NEW.max_lat);
END;
--> statement-breakpoint
CREATE TRIGGER `osm_objects_rtree_au` AFTER UPDATE OF `min_lon`, `max_lon`, `min_lat`, `max_lat` ON `osm_objects`
WHEN NEW.min_lon IS NOT OLD.min_lon OR NEW.max_lon IS NOT OLD.max_lon
  OR NEW.min_lat IS NOT OLD.min_lat OR NEW.max_lat IS NOT OLD.max_lat BEGIN
  UPDATE `osm_objects_rtree` SET `min_lon` = NEW.min_lon, `max_lon` = NEW.max_lon,
    `min_lat` = NEW.min_lat, `max_lat` = NEW.max_lat WHERE `id` = NEW.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER `osm_objects_rtree_ad` AFTER DELETE ON `osm_objects` BEGIN
  DELETE FROM `osm_objects_rtree` WHERE `id` = OLD.rowid;
END;
--> statement-breakpoint
INSERT INTO `osm_objects_rtree` (`id`, `min_lon`, `max_lon`, `min_lat`, `max_lat`)
SELECT rowid, min_lon, max_lon, min_lat, max_lat FROM `osm_objects`;
