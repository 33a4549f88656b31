// drizzle-kit config for the Postgres dialect: schema in db/schema/pg, SQL in db/migrations/pg.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/pg/*.ts',
  out: './db/migrations/pg',
  strict: true,
});
