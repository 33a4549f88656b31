CREATE TABLE `alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`rule_id` text NOT NULL,
	`rule_name` text NOT NULL,
	`trigger` text NOT NULL,
	`object_ids` text NOT NULL,
	`geofence_id` text,
	`observed_at` integer NOT NULL,
	`raised_at` integer NOT NULL,
	`lon` real,
	`lat` real,
	`message` text NOT NULL,
	`details` text NOT NULL,
	`acknowledged_at` integer
);
--> statement-breakpoint
CREATE INDEX `alerts_raised_idx` ON `alerts` (`raised_at`,`id`);--> statement-breakpoint
CREATE INDEX `alerts_rule_raised_idx` ON `alerts` (`rule_id`,`raised_at`,`id`);--> statement-breakpoint
CREATE INDEX `alerts_unacknowledged_idx` ON `alerts` (`raised_at`,`id`) WHERE acknowledged_at IS NULL;--> statement-breakpoint
CREATE TABLE `geofences` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`geometry` text NOT NULL,
	`min_lon` real NOT NULL,
	`min_lat` real NOT NULL,
	`max_lon` real NOT NULL,
	`max_lat` real NOT NULL,
	`object_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `rule_state` (
	`rule_id` text NOT NULL,
	`key` text NOT NULL,
	`state` text NOT NULL,
	PRIMARY KEY(`rule_id`, `key`),
	FOREIGN KEY (`rule_id`) REFERENCES `rules`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `rules` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`filter` text DEFAULT '' NOT NULL,
	`trigger` text NOT NULL,
	`rearm_seconds` real DEFAULT 0 NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
