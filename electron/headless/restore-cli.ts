/**
 * `npm run db:restore -- [BACKUP] [--data-dir DIR]`: puts a verified backup in place of the
 * SQLite database (the newest verified one when BACKUP is omitted). The file it replaces is set
 * aside, never deleted. A plain-Node shell over core's config and the store's backup files.
 */
import { join } from 'node:path';
import { findNewestVerifiedBackup, restoreBackup, sqlitePathOf } from '../../db/open-store.js';
import { loadConfig } from '../core/config.js';

function fail(message: string): never {
  process.stderr.write(`db:restore: ${message}\n`);
  process.exit(1);
}

const args = process.argv.slice(2);
const dirFlag = args.indexOf('--data-dir');
const dataDirArg = dirFlag >= 0 ? args[dirFlag + 1] : undefined;
const positional = args.filter((a, i) => !a.startsWith('--') && i !== dirFlag + 1);
try {
  const config = loadConfig({ env: process.env, overrides: dataDirArg ? { dataDir: dataDirArg } : {} });
  if (config.databaseUrl && /^postgres(ql)?:/.test(config.databaseUrl))
    fail('The database is Postgres; restore it with pg_restore.');
  const target = sqlitePathOf(config.databaseUrl, config.dataDir);
  const backup = positional[0] ?? findNewestVerifiedBackup(join(config.dataDir, 'backups'));
  if (!backup) fail(`No verified backup was found in '${join(config.dataDir, 'backups')}'.`);
  const aside = restoreBackup(backup, target);
  process.stdout.write(
    `Restored '${backup}' to '${target}'${aside ? `; the previous file was set aside as '${aside}'` : ''}.\n`,
  );
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
