CREATE TABLE `osm_node_locations` (
	`node_id` integer PRIMARY KEY NOT NULL,
	`lon_e7` integer NOT NULL,
	`lat_e7` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `osm_replication_state` (
	`source_id` text PRIMARY KEY NOT NULL,
	`sequence` integer NOT NULL,
	`data_timestamp` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`source_id`) REFERENCES `data_sources`(`id`) ON UPDATE no action ON DELETE cascade
);
