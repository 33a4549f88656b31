// drizzle-kit config for the SQLite dialect: schema in db/schema/sqlite, SQL in db/migrations/sqlite.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema/sqlite/*.ts',
  out: './db/migrations/sqlite',
  strict: true,
});
