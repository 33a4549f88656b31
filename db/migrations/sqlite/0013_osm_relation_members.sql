CREATE TABLE `osm_relation_members` (
	`relation_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`member_type` text NOT NULL,
	`member_ref` integer NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`relation_id`, `seq`)
);
--> statement-breakpoint
CREATE INDEX `osm_relation_members_member_idx` ON `osm_relation_members` (`member_ref`,`member_type`);