/**
 * Postgres schema of `data_sources`: where objects come from (websocket, rest, simulator, file).
 * Times are epoch milliseconds (BIGINT); the push token is stored only as its sha256 hash.
 */
import { bigint, boolean, jsonb, pgTable, text } from 'drizzle-orm/pg-core';

/** Data sources (ARCHITECTURE §4). */
export const dataSources = pgTable('data_sources', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  type: text('type', { enum: ['websocket', 'rest', 'simulator', 'file'] }).notNull(),
  connectionInfo: jsonb('connection_info').$type<Record<string, unknown>>().notNull(),
  isActive: boolean('is_active').notNull().default(true),
  tokenHash: text('token_hash').notNull().default(''),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
});
