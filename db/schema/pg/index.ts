/** The whole Postgres schema (tables and relations), as passed to `drizzle(db, { schema })`. */
export * from './data-sources.js';
export * from './object-history.js';
export * from './osm-objects.js';
export * from './relations.js';
export * from './rules.js';
export * from './saved-views.js';
export * from './osm-replication.js';
export * from './team.js';
export * from './object-tombstones.js';
