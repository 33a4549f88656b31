/**
 * Drizzle relations of the Postgres schema, declared both ways: source ↔ objects, object ↔ history.
 */
import { relations } from 'drizzle-orm';
import { dataSources } from './data-sources.js';
import { objectHistory } from './object-history.js';
import { osmObjects } from './osm-objects.js';

export const dataSourcesRelations = relations(dataSources, ({ many }) => ({ objects: many(osmObjects) }));

export const osmObjectsRelations = relations(osmObjects, ({ one, many }) => ({
  source: one(dataSources, { fields: [osmObjects.sourceId], references: [dataSources.id] }),
  history: many(objectHistory),
}));

export const objectHistoryRelations = relations(objectHistory, ({ one }) => ({
  object: one(osmObjects, { fields: [objectHistory.objectId], references: [osmObjects.id] }),
}));
