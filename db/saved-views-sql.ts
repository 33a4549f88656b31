/**
 * Saved views (issue 20 item 7) on both dialects, written once as drizzle `sql` over a SqlRunner:
 * rare writes on the store's main connection, as data source and geofence CRUD are. A view is kept
 * as the JSON the contract validated; saving under a name that exists replaces that view.
 */
import { sql } from 'drizzle-orm';
import { NotFoundError } from '../electron/contract/errors.js';
import type { View } from '../electron/contract/methods/views.js';
import type { SqlRunner } from './sql-runner.js';
import { uuid7 } from './uuid7.js';

/** A saved view as stored; times epoch ms. */
export interface StoredView {
  id: string;
  name: string;
  view: View;
  createdAt: number;
  updatedAt: number;
}

export interface SavedViewsStore {
  /** Every saved view, by name. */
  list(): Promise<StoredView[]>;
  find(id: string): Promise<StoredView | undefined>;
  /** Saves `view` under `name`: a new row, or the row of that name with its view replaced (same id). */
  save(name: string, view: View): Promise<StoredView>;
  /** NotFoundError for an unknown id. */
  delete(id: string): Promise<void>;
}

const COLUMNS = sql.raw('id, name, view, created_at, updated_at');

/** Builds the saved views store over `run`. */
export function createSavedViewsSql(run: SqlRunner): SavedViewsStore {
  const toView = (r: Record<string, unknown>): StoredView => ({
    id: r.id as string,
    name: r.name as string,
    view: run.decodeJson(r.view) as View,
    // BIGINT arrives as a string from Postgres.
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  });
  return {
    async list() {
      const rows = await run.all<Record<string, unknown>>(sql`SELECT ${COLUMNS} FROM saved_views ORDER BY name, id`);
      return rows.map(toView);
    },
    async find(id) {
      const [row] = await run.all<Record<string, unknown>>(sql`SELECT ${COLUMNS} FROM saved_views WHERE id = ${id}`);
      return row && toView(row);
    },
    async save(name, view) {
      const now = Date.now();
      const [row] = await run.all<Record<string, unknown>>(
        sql`INSERT INTO saved_views (id, name, view, created_at, updated_at)
            VALUES (${uuid7()}, ${name}, ${run.json(view)}, ${now}, ${now})
            ON CONFLICT (name) DO UPDATE SET view = excluded.view, updated_at = excluded.updated_at
            RETURNING ${COLUMNS}`,
      );
      return toView(row!);
    },
    async delete(id) {
      const rows = await run.all(sql`DELETE FROM saved_views WHERE id = ${id} RETURNING id`);
      if (rows.length === 0) throw new NotFoundError('Saved view', id);
    },
  };
}
