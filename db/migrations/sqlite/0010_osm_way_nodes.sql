CREATE TABLE `osm_way_nodes` (
	`way_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`node_id` integer NOT NULL,
	PRIMARY KEY(`way_id`, `seq`)
);
--> statement-breakpoint
CREATE INDEX `osm_way_nodes_node_idx` ON `osm_way_nodes` (`node_id`);