CREATE TABLE `data_sources` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`type` text NOT NULL,
	`connection_info` text NOT NULL,
	`is_active` integer DEFAULT true NOT NULL,
	`token_hash` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `object_history` (
	`id` text PRIMARY KEY NOT NULL,
	`object_id` text NOT NULL,
	`geom` text,
	`tags` text,
	`observed_at` integer NOT NULL,
	`received_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`object_id`) REFERENCES `osm_objects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `object_history_object_observed_uq` ON `object_history` (`object_id`,`observed_at`);--> statement-breakpoint
CREATE TABLE `osm_objects` (
	`id` text PRIMARY KEY NOT NULL,
	`source_id` text NOT NULL,
	`type` text NOT NULL,
	`osm_id` text NOT NULL,
	`tags` text NOT NULL,
	`geom` text NOT NULL,
	`name` text,
	`kind` text,
	`min_lon` real NOT NULL,
	`min_lat` real NOT NULL,
	`max_lon` real NOT NULL,
	`max_lat` real NOT NULL,
	`tainted` integer DEFAULT false NOT NULL,
	`observed_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`source_id`) REFERENCES `data_sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `osm_objects_source_type_osm_id_uq` ON `osm_objects` (`source_id`,`type`,`osm_id`);--> statement-breakpoint
CREATE INDEX `osm_objects_observed_at_idx` ON `osm_objects` (`observed_at`);--> statement-breakpoint
CREATE INDEX `osm_objects_name_idx` ON `osm_objects` (`name`);