/**
 * Postgres schema of a team database (issue 19): `change_log`, one row per committed ingest batch
 * with a monotonic `seq` (written in the batch's own transaction; see db/pg/pg-change-log.ts for
 * why `seq` order is commit order), and `connector_leases`, one owner instance per connector.
 * Times are epoch milliseconds (BIGINT).
 */
import { bigint, bigserial, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';

/** Committed changes, one row per ingest batch, read by every instance after its last `seq`. */
export const changeLog = pgTable(
  'change_log',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    /** The instance that committed the batch (it announced the batch itself, so it skips the row). */
    instanceId: text('instance_id').notNull(),
    /** The batch's changes: [{ op, status, object? , objectId?, sourceId?, observedMs? }] in op order. */
    changes: jsonb('changes').$type<unknown[]>().notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('change_log_created_at_idx').on(t.createdAt)],
);

/** Which instance runs each connector now; taken over once `expires_at` (database clock) has passed. */
export const connectorLeases = pgTable('connector_leases', {
  sourceId: text('source_id').primaryKey(),
  ownerId: text('owner_id').notNull(),
  /** For people: `<host>/<pid>` of the owning instance. */
  ownerLabel: text('owner_label').notNull(),
  expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
  acquiredAt: bigint('acquired_at', { mode: 'number' }).notNull(),
});
