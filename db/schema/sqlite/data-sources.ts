/**
 * SQLite schema of `data_sources`: where objects come from (websocket, rest, simulator, file).
 * Times are epoch milliseconds; the push token is stored only as its sha256 hash.
 */
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Data sources (ARCHITECTURE §4). */
export const dataSources = sqliteTable('data_sources', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  type: text('type', { enum: ['websocket', 'rest', 'simulator', 'file'] }).notNull(),
  connectionInfo: text('connection_info', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  isActive: integer('is_active', { mode: 'boolean' }).notNull().default(true),
  tokenHash: text('token_hash').notNull().default(''),
  createdAt: integer('created_at', { mode: 'number' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'number' }).notNull(),
});
