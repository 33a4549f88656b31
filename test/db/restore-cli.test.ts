/**
 * `npm run db:restore`: after a damaged database was set aside, the newest verified backup is put
 * back in place as a real process would do it, and every row it held is there again.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import { AppError } from '../../electron/contract/errors.js';
import { tmpDir } from './store-targets.js';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

describe('db:restore', () => {
  it('restores the newest verified backup of a damaged database with every row', async () => {
    const { dir } = tmpDir();
    const store = await openStore(undefined, { dataDir: dir, backup: { onClose: false } });
    const source = await store.createSource({
      name: 'kept',
      description: '',
      type: 'file',
      connectionInfo: {},
      isActive: false,
      tokenHash: 'h',
    });
    const ops = Array.from({ length: 300 }, (_, i) => ({
      op: 'upsert' as const,
      sourceId: source.id,
      type: 'node' as const,
      osmId: String(i),
      tags: { name: `n${i}` },
      geom: { type: 'Point' as const, coordinates: [i / 10, 1] },
      observedAt: 1000 + i,
    }));
    await store.applyBatch(ops);
    await store.backup!();
    await store.close();
    const path = join(dir, 'tracker.db');
    const bytes = readFileSync(path);
    bytes.fill(0xff, 100, 200); // damage the first page after the header
    writeFileSync(path, bytes);
    const err = await openStore(undefined, { dataDir: dir }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('STORE_DAMAGED');
    expect((err as AppError).message).toContain('npm run db:restore');

    const { stdout } = await run('npx', ['tsx', 'electron/headless/restore-cli.ts', '--data-dir', dir], {
      cwd: ROOT,
      env: { ...process.env, TRACKER_DATA_DIR: '', DATABASE_URL: '' },
    });
    expect(stdout).toMatch(/^Restored '.+' to '.+tracker\.db'/);
    const back = await openStore(undefined, { dataDir: dir, backup: { onClose: false } });
    expect(await back.countObjects()).toBe(300);
    expect((await back.getSource(source.id)).name).toBe('kept');
    await back.close();
  });

  it('says so when there is no backup', async () => {
    const { dir } = tmpDir();
    const result = await run('npx', ['tsx', 'electron/headless/restore-cli.ts', '--data-dir', dir], {
      cwd: ROOT,
      env: { ...process.env, TRACKER_DATA_DIR: '', DATABASE_URL: '' },
    }).then(
      () => 'ok',
      (e: { stderr: string; code: number }) => `${e.code} ${e.stderr}`,
    );
    expect(result).toMatch(/^1 db:restore: No verified backup was found in '.+backups'\./);
  });
});
