CREATE TABLE "osm_way_nodes" (
	"way_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"node_id" bigint NOT NULL,
	CONSTRAINT "osm_way_nodes_way_id_seq_pk" PRIMARY KEY("way_id","seq")
);
--> statement-breakpoint
CREATE INDEX "osm_way_nodes_node_idx" ON "osm_way_nodes" USING btree ("node_id");