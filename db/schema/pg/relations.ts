/**
 * Drizzle relations of the Postgres schema: source ↔ objects (history rows are read by SQL, keyed by the object).
 */
import { relations } from 'drizzle-orm';
import { dataSources } from './data-sources.js';
import { osmObjects } from './osm-objects.js';

export const dataSourcesRelations = relations(dataSources, ({ many }) => ({ objects: many(osmObjects) }));

export const osmObjectsRelations = relations(osmObjects, ({ one }) => ({
  source: one(dataSources, { fields: [osmObjects.sourceId], references: [dataSources.id] }),
}));
