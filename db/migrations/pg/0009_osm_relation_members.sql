CREATE TABLE "osm_relation_members" (
	"relation_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"member_type" text NOT NULL,
	"member_ref" bigint NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "osm_relation_members_relation_id_seq_pk" PRIMARY KEY("relation_id","seq")
);
--> statement-breakpoint
CREATE INDEX "osm_relation_members_member_idx" ON "osm_relation_members" USING btree ("member_ref","member_type");