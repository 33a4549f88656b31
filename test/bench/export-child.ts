/**
 * Child process of the export benchmark: exports every object of a database as GeoJSON to a file
 * and prints `{ objects, bytes, ms, maxRssMb }`, so its peak memory is measured on its own.
 */
import { tmpdir } from 'node:os';
import { openStore } from '../../db/open-store.js';
import { createFilesService } from '../../electron/core/files/files-service.js';
import type { Ingest } from '../../electron/core/ingest/types.js';

const [dbPath, outPath] = process.argv.slice(2);
const store = await openStore(dbPath!, { dataDir: tmpdir(), backup: { onClose: false } });
const files = createFilesService({ store, ingest: {} as Ingest });
const started = performance.now();
const result = await files.exportPath(outPath!, { format: 'geojson' });
const ms = performance.now() - started;
await store.close();
console.log(JSON.stringify({ ...result, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
