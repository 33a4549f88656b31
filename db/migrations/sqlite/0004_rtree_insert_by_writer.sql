-- Custom migration (drizzle-kit --custom): the writers insert each new object's R*Tree entry
-- themselves (db/sqlite/rtree-entry.ts, the same 0.01° grid box as 0003), in their own statements:
-- the AFTER INSERT trigger made every insert into osm_objects a statement with a trigger program and a
-- virtual-table write, measured at 300,000 creates ~20 µs of CPU per create more than the separate
-- insert. Whoever inserts rows other than through the store's writers must add their entries too.
-- Existing entries stay; the update and delete triggers (cascades too) are unchanged.
DROP TRIGGER IF EXISTS `osm_objects_rtree_ai`;
