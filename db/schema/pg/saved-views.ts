/**
 * Postgres schema of `saved_views` (issue 20 item 7): a named view of the window (filter, map view,
 * basemap, time window) as JSONB, recalled from the header, the menu and `#view=<name>` links.
 * Times are epoch milliseconds (BIGINT).
 */
import { bigint, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';

/** Saved views, one per name. */
export const savedViews = pgTable(
  'saved_views',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    view: jsonb('view').$type<Record<string, unknown>>().notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('saved_views_name_uq').on(t.name)],
);
