/**
 * File import and export as the app offers them: from the menu (paths chosen in main's dialogs),
 * from drag and drop (content sent over the API), and from the hub (a POSTed body, spooled to a
 * private file first). Every import reads its file in a worker thread and becomes a new `file` data
 * source, or updates an existing one (a re-import); it can be cancelled by its job id. An OSM extract
 * imported with `basemap` also starts an offline basemap build from the same file (a POSTed or inline
 * file is kept in a private spool folder until that build ends). Every export writes exactly what a
 * filter selects.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PassThrough, type Writable } from 'node:stream';
import type { ObjectFilter } from '../../contract/domain.js';
import { AppError } from '../../contract/errors.js';
import type { EventPayload } from '../../contract/events.js';
import type { OsmNodeLocation, OsmWayNodes } from '../../../db/osm-replication-store.js';
import type { FilterContext, Store } from '../../../db/store.js';
import type { Logger } from '../../contract/logger.js';
import { generateSourceToken, hashToken } from '../auth.js';
import { DEFAULTS, type Config } from '../config.js';
import { validateConnectionInfo } from '../connectors/connection-info.js';
import { deleteSourceWithObjects } from '../handlers/sources.js';
import type { Ingest } from '../ingest/types.js';
import { ensurePrivateDir, makePrivateFile, PRIVATE_FILE_MODE } from '../../../db/private-files.js';
import { exportObjects, type ExportResult, type ExportWindow } from './export/export-objects.js';
import type { ExportFormat } from './export/format-writers.js';
import { importFile, type ImportReport } from './import/import-file.js';
import { createImportJobs, type ImportJobStatus } from './import/import-jobs.js';
import { createReaderPool } from './import/import-worker-client.js';
import type { NodeColumns } from './import/osm/compact-store.js';
import type { CsvOptions, ImportFormat, ImportInput } from './import/import-types.js';
import { detectFormat } from './import/read-import.js';
import { bodyTooLarge, clearSpool, spoolUpload } from './import/spool-upload.js';

/** Node locations handed to the store per transaction. */
const NODE_BATCH = 50_000;

/**
 * Keeps an imported extract's node locations in the node-location store and its ways' node lists
 * in the way→node index, so the replication sources can draw ways whose nodes a diff does not hold
 * and redraw the ways of a node a diff moves. A failure is logged: the import stands.
 */
async function keepNodeLocations(
  store: Pick<Store, 'osm'>,
  nodes: NodeColumns,
  log: Pick<Logger, 'warn'> | undefined,
): Promise<void> {
  try {
    for (let i = 0; i < nodes.ids.length; i += NODE_BATCH) {
      const batch: OsmNodeLocation[] = [];
      for (let k = i; k < Math.min(nodes.ids.length, i + NODE_BATCH); k++)
        batch.push({ id: nodes.ids[k]!, lonE7: nodes.lon[k]!, latE7: nodes.lat[k]! });
      await store.osm.putNodeLocations(batch);
    }
    const ways = nodes.ways;
    if (!ways) return;
    // Batches of about NODE_BATCH node references.
    let batch: OsmWayNodes[] = [];
    let refs = 0;
    for (let i = 0; i < ways.ids.length; i++) {
      const list = Array.from(ways.nodes.subarray(ways.starts[i]!, ways.starts[i + 1]!));
      batch.push({ id: ways.ids[i]!, nodes: list });
      refs += list.length;
      if (refs >= NODE_BATCH) {
        await store.osm.putWayNodes(batch);
        [batch, refs] = [[], 0];
      }
    }
    if (batch.length > 0) await store.osm.putWayNodes(batch);
  } catch (err) {
    log?.warn('keeping the node locations of an import failed', { error: String(err) });
  }
}

export interface FilesServiceOptions {
  store: Store;
  ingest: Ingest;
  /** Where a failure that does not fail the import is told (the node-location store's fill). */
  log?: Pick<Logger, 'warn'>;
  emit?: (event: 'files.progressed', payload: EventPayload<'files.progressed'>) => void;
  /** Clock-dependent filter parts (stale) are evaluated with this. */
  filterContext?: () => FilterContext;
  /** The `import` settings; DEFAULTS.import when not given. */
  limits?: Config['import'];
  /** POSTed import bodies wait in `<dataDir>/import-spool` (cleared at start); default: a temp dir. */
  dataDir?: string;
  /** Override the import reader thread's entry (tests). */
  importWorkerEntry?: string | URL;
  /** Keep an import reader thread started ahead of need (the app; tests start theirs on demand). */
  warmReader?: boolean;
  /**
   * Starts an offline basemap build from an extract on disk (the tiles' `buildBasemap`, passed in so
   * files never import tiles). `removeExtract`: the file is this service's private copy, and the build
   * removes it when it ends. Without it, imports asking for a basemap say that none can be built.
   */
  buildBasemap?: (request: { path: string; removeExtract: boolean }) => BasemapStarted;
}

/** The basemap build an import started: follow it with `tiles.basemapProgressed`. */
export interface BasemapStarted {
  job_id: string;
  layer_id: string;
}

/** An import's report, with the basemap build it started (or why none was started) when asked for one. */
export type FilesImportReport = ImportReport & { basemap?: BasemapStarted; basemap_error?: string };

export interface ExportRequest {
  format: ExportFormat;
  filter?: ObjectFilter;
  /** A time window (ISO): point objects with two or more positions in it are written as tracks. */
  from?: string;
  to?: string;
}

/** How to read a file and how to name, follow and cancel its import. */
export interface ImportOptions {
  format?: ImportFormat;
  csv?: CsvOptions;
  /** The file's first bytes, when the caller already read them (format detection). */
  head?: Buffer;
  /** The job id to announce (a caller that wants to cancel before the first event); default: new. */
  jobId?: string;
  /** Cancels the import (e.g. the HTTP client went away). */
  signal?: AbortSignal;
  /**
   * Re-import into this existing `file` source instead of creating one: objects the file no longer
   * holds are marked `osm:deleted=yes`; on failure or cancel what was written is kept (and said).
   */
  sourceId?: string;
  /**
   * When the file is an OSM extract (osm, osmpbf, overpass) and the import succeeds, also build an
   * offline basemap from it; the report says which build started (`basemap`) or why none did
   * (`basemap_error`). A failed import builds nothing.
   */
  basemap?: boolean;
}

export interface FilesService {
  /** Imports bytes from anywhere; with `basemap` they are first written to a private spool file to build from. */
  importInput(input: ImportInput, options?: ImportOptions): Promise<FilesImportReport>;
  importPath(path: string, options?: ImportOptions & { name?: string }): Promise<FilesImportReport>;
  /** A streamed body (POST /api/import): spooled to a private file under the body limit, then imported. */
  importUpload(
    body: AsyncIterable<Buffer>,
    options: ImportOptions & { name: string; declaredBytes?: number },
  ): Promise<FilesImportReport>;
  /** Cancels a running import; false when none has that id. */
  cancelImport(jobId: string): boolean;
  /** The imports running now. */
  imports(): ImportJobStatus[];
  exportTo(out: Writable, request: ExportRequest, name?: string): Promise<ExportResult>;
  exportPath(path: string, request: ExportRequest): Promise<ExportResult>;
  /** Stops the reader thread kept ready for the next import. */
  close(): Promise<void>;
}

/** Wraps an in-memory buffer as an import input. */
export function bufferInput(name: string, bytes: Buffer): ImportInput {
  return {
    name,
    size: bytes.length,
    stream: async function* () {
      for (let i = 0; i < bytes.length; i += 1 << 20) yield bytes.subarray(i, i + (1 << 20));
    },
  };
}

function fileInput(path: string, name = basename(path)): ImportInput {
  return { name, size: statSync(path).size, stream: () => createReadStream(path, { highWaterMark: 1 << 20 }) };
}

/** The formats a basemap can be built from. */
const OSM_FORMATS: ReadonlySet<ImportFormat> = new Set<ImportFormat>(['osm', 'osmpbf', 'overpass']);

/** A file name safe to put in a spool folder, keeping its extensions (the basemap is named after it). */
function spoolName(name: string): string {
  return (
    basename(name)
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[.-]+/, '')
      .slice(0, 120) || 'extract'
  );
}

export function createFilesService(options: FilesServiceOptions): FilesService {
  const { store, ingest, log } = options;
  const limits = options.limits ?? DEFAULTS.import;
  const spoolDir = options.dataDir
    ? join(options.dataDir, 'import-spool')
    : join(tmpdir(), `osm-tracker-import-${process.pid}`);
  if (options.dataDir) clearSpool(spoolDir);
  const progress = (payload: EventPayload<'files.progressed'>) => options.emit?.('files.progressed', payload);
  const jobs = createImportJobs(progress);

  const createSource = async (name: string, format: ImportFormat) =>
    (
      await store.createSource({
        name,
        description: `Imported from ${name} (${format})`,
        type: 'file',
        connectionInfo: validateConnectionInfo('file', { path: name, format }),
        isActive: false,
        tokenHash: hashToken(generateSourceToken()),
      })
    ).id;

  const dropSource = (id: string) => deleteSourceWithObjects(store, ingest, id, 'import');
  const readers = options.warmReader
    ? createReaderPool({
        heapMb: limits.workerHeapMb,
        ...(options.importWorkerEntry ? { entry: options.importWorkerEntry } : {}),
      })
    : undefined;
  // Sources a re-import is writing into: a second one at once would mark the first one's objects deleted.
  const reimporting = new Set<string>();

  async function importInput(input: ImportInput, opts: ImportOptions = {}): Promise<FilesImportReport> {
    if (!opts.basemap) return importOnce(input, opts);
    const path = keptPath(input.name);
    try {
      await pipeline(input.stream(), createWriteStream(path, { flags: 'wx', mode: PRIVATE_FILE_MODE }));
    } catch (err) {
      removeKept(path);
      throw err;
    }
    return importExtract(path, input.name, opts, true);
  }

  /**
   * Imports a file on disk and, when asked and the import succeeded, starts its basemap. `owned`:
   * the file is a private spool copy, removed here unless the basemap build took it over.
   */
  async function importExtract(
    path: string,
    name: string,
    opts: ImportOptions,
    owned: boolean,
  ): Promise<FilesImportReport> {
    let handedOver = false;
    try {
      const report = await importOnce(fileInput(path, name), opts);
      if (!opts.basemap) return report;
      const started = startBasemap(path, name, report.format, owned);
      handedOver = started.basemap !== undefined;
      return { ...report, ...started };
    } finally {
      if (owned && !handedOver) removeKept(path);
    }
  }

  function startBasemap(
    path: string,
    name: string,
    format: ImportFormat,
    owned: boolean,
  ): Pick<FilesImportReport, 'basemap' | 'basemap_error'> {
    if (!OSM_FORMATS.has(format))
      return {
        basemap_error: `No basemap was built: '${name}' is a ${format} file, and basemaps are built from OSM extracts (osm, osmpbf, overpass) only.`,
      };
    if (!options.buildBasemap) return { basemap_error: 'No basemap was built: this app has no basemap builder.' };
    try {
      return { basemap: options.buildBasemap({ path, removeExtract: owned }) };
    } catch (err) {
      return { basemap_error: `No basemap was built from '${name}': ${(err as Error).message}` };
    }
  }

  /** A new private folder in the spool for one kept file, named so its basemap is named after the file. */
  function keptPath(name: string): string {
    const dir = join(spoolDir, randomUUID());
    ensurePrivateDir(spoolDir);
    ensurePrivateDir(dir);
    return join(dir, spoolName(name));
  }

  /** Removes a kept file with the folder it had to itself. */
  function removeKept(path: string): void {
    rmSync(dirname(path), { recursive: true, force: true });
  }

  async function importOnce(input: ImportInput, opts: ImportOptions): Promise<ImportReport> {
    const into = opts.sourceId;
    if (into !== undefined) await claimReimportTarget(into);
    try {
      return await runImport(input, opts, into);
    } finally {
      if (into !== undefined) reimporting.delete(into);
    }
  }

  async function runImport(input: ImportInput, opts: ImportOptions, into: string | undefined): Promise<ImportReport> {
    const format = opts.format ?? detectFormat(input.name, opts.head ?? (await firstBytes(input)));
    const job = jobs.start(input.name, input.size, opts);
    try {
      const report = await importFile({
        input,
        format,
        csv: opts.csv,
        ingest,
        limits,
        createSource: () => createSource(input.name, format),
        dropSource,
        ...(into !== undefined
          ? { into: { sourceId: into, rows: () => store.iterateObjectRows({ filter: { source_ids: [into] } }, 1000) } }
          : {}),
        signal: job.signal,
        onProgress: (p) => job.progress({ done: p.bytes, imported: p.imported }),
        ...(options.importWorkerEntry ? { workerEntry: options.importWorkerEntry } : {}),
        ...(readers ? { readers } : {}),
        onNodeColumns: (nodes) => keepNodeLocations(store, nodes, log),
      });
      if (into !== undefined)
        await store.updateSource(into, {
          description: `Imported from ${input.name} (${format})`,
          connectionInfo: validateConnectionInfo('file', { path: input.name, format }),
        });
      return report;
    } finally {
      job.finish();
      readers?.refill();
    }
  }

  /** A re-import goes into an existing `file` source that no other re-import is writing into. */
  async function claimReimportTarget(id: string): Promise<void> {
    await requireFileSource(id);
    if (reimporting.has(id))
      throw new AppError('CONFLICT', `Cannot import into source_id '${id}': another import is writing into it now.`, {
        details: { source_id: id },
      });
    reimporting.add(id);
  }

  async function requireFileSource(id: string): Promise<void> {
    const source = await store.findSource(id);
    if (!source)
      throw new AppError('NOT_FOUND', `Cannot import into source_id '${id}': no such source exists.`, {
        details: { source_id: id },
      });
    if (source.type !== 'file')
      throw new AppError(
        'INVALID_INPUT',
        `Cannot import into source_id '${id}': it is a ${source.type} source, and only a file source can be re-imported.`,
        { details: { source_id: id, type: source.type } },
      );
  }

  async function importUpload(
    body: AsyncIterable<Buffer>,
    opts: ImportOptions & { name: string; declaredBytes?: number },
  ): Promise<FilesImportReport> {
    if (opts.declaredBytes !== undefined && opts.declaredBytes > limits.maxBodyBytes)
      throw bodyTooLarge(limits.maxBodyBytes, opts.declaredBytes);
    // Refused before the body is spooled.
    if (opts.sourceId !== undefined) await requireFileSource(opts.sourceId);
    const spooled = await spoolUpload(body, spoolDir, limits.maxBodyBytes);
    if (opts.basemap) {
      // Kept for the basemap build, in a folder of its own under the extract's name.
      const kept = keptPath(opts.name);
      try {
        renameSync(spooled.path, kept);
      } catch (err) {
        rmSync(spooled.path, { force: true });
        removeKept(kept);
        throw err;
      }
      return importExtract(kept, opts.name, opts, true);
    }
    try {
      return await importOnce(fileInput(spooled.path, opts.name), opts);
    } finally {
      rmSync(spooled.path, { force: true });
    }
  }

  async function exportTo(
    out: Writable,
    request: ExportRequest,
    name = `export.${request.format}`,
  ): Promise<ExportResult> {
    const jobId = randomUUID();
    const result = await exportObjects({
      store,
      format: request.format,
      filter: request.filter,
      context: options.filterContext?.(),
      window: exportWindow(request),
      out,
      onProgress: (p) =>
        progress({ job_id: jobId, kind: 'export', name, done: p.objects, total: p.total, finished: false }),
    });
    progress({ job_id: jobId, kind: 'export', name, done: result.objects, total: result.objects, finished: true });
    return result;
  }

  return {
    importInput,
    importPath: (path, opts = {}) => importExtract(path, opts.name ?? basename(path), opts, false),
    importUpload,
    cancelImport: (jobId) => jobs.cancel(jobId),
    imports: () => jobs.list(),
    exportTo,
    async exportPath(path, request) {
      // Private by default (docs/security.md): a new file 0600, an existing one tightened first.
      makePrivateFile(path);
      const file = createWriteStream(path, { mode: PRIVATE_FILE_MODE });
      const pass = new PassThrough();
      const done = pipeline(pass, file);
      try {
        const result = await exportTo(pass, request, basename(path));
        pass.end();
        await done;
        return result;
      } catch (err) {
        pass.destroy(err as Error);
        await done.catch(() => undefined);
        throw err;
      }
    },
    close: async () => readers?.close(),
  };
}

/** The request's time window in epoch ms, undefined without one; refuses a window that ends before it starts. */
function exportWindow(request: ExportRequest): ExportWindow | undefined {
  if (request.from === undefined && request.to === undefined) return undefined;
  const window: ExportWindow = {};
  for (const end of ['from', 'to'] as const) {
    const value = request[end];
    if (value === undefined) continue;
    const ms = Date.parse(value);
    if (!Number.isFinite(ms))
      throw new AppError('INVALID_INPUT', `Field '${end}' must be an ISO time, got '${value.slice(0, 40)}'.`);
    window[end] = ms;
  }
  if (window.from !== undefined && window.to !== undefined && window.from > window.to)
    throw new AppError('INVALID_INPUT', `Field 'from' (${request.from}) must not be later than 'to' (${request.to}).`);
  return window;
}

async function firstBytes(input: ImportInput): Promise<Buffer> {
  for await (const chunk of input.stream()) return chunk.subarray(0, 4096);
  return Buffer.alloc(0);
}
