CREATE TABLE `object_tombstones` (
	`source_id` text NOT NULL,
	`type` text NOT NULL,
	`osm_id` text NOT NULL,
	`deleted_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`source_id`, `type`, `osm_id`)
);
