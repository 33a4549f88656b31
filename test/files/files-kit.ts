/** The real import stack for file tests: a SQLite store in a temp folder, ingest, and the files service. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../db/store.js';
import { createFilesService, type FilesService } from '../../electron/core/files/files-service.js';
import { createIngest, type IngestPipeline } from '../../electron/core/ingest/ingest.js';
import { quietLogger } from '../fakes/quiet-logger.js';

export interface FilesWorld {
  dir: string;
  store: Store;
  ingest: IngestPipeline;
  files: FilesService;
  close(): Promise<void>;
}

/** Opens the stack in a new temp folder named after `prefix`. */
export async function openFilesWorld(prefix: string): Promise<FilesWorld> {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const store = await openStore(join(dir, 'tracker.db'), { dataDir: dir, log: quietLogger });
  const ingest = createIngest({ store, log: quietLogger });
  const files = createFilesService({ store, ingest, dataDir: dir });
  return {
    dir,
    store,
    ingest,
    files,
    async close() {
      await ingest.close();
      await store.close();
    },
  };
}
