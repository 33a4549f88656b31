/**
 * SQLite schema of `saved_views` (issue 20 item 7): a named view of the window (filter, map view,
 * basemap, time window) as JSON, recalled from the header, the menu and `#view=<name>` links.
 * Times are epoch milliseconds.
 */
import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Saved views, one per name. */
export const savedViews = sqliteTable(
  'saved_views',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    view: text('view', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    createdAt: integer('created_at', { mode: 'number' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('saved_views_name_uq').on(t.name)],
);
