/**
 * File import and export as the app offers them: from the menu (paths chosen in main's dialogs),
 * from drag and drop (content sent over the API), and from the hub (streamed HTTP). Every import
 * becomes a `file` data source; every export writes exactly what a filter selects.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PassThrough, type Writable } from 'node:stream';
import type { ObjectFilter } from '../../contract/domain.js';
import type { EventPayload } from '../../contract/events.js';
import type { FilterContext, Store } from '../../../db/store.js';
import { generateSourceToken, hashToken } from '../auth.js';
import { validateConnectionInfo } from '../connectors/connection-info.js';
import type { Ingest } from '../ingest/types.js';
import { exportObjects, type ExportResult } from './export/export-objects.js';
import type { ExportFormat } from './export/format-writers.js';
import { importFile, type ImportReport } from './import/import-file.js';
import type { CsvOptions, ImportFormat, ImportInput } from './import/import-types.js';
import { detectFormat } from './import/read-import.js';

export interface FilesServiceOptions {
  store: Store;
  ingest: Ingest;
  emit?: (event: 'files.progressed', payload: EventPayload<'files.progressed'>) => void;
  /** Clock-dependent filter parts (stale) are evaluated with this. */
  filterContext?: () => FilterContext;
}

export interface ExportRequest {
  format: ExportFormat;
  filter?: ObjectFilter;
  tracks?: { after?: string; before?: string };
}

export interface FilesService {
  importInput(
    input: ImportInput,
    options?: { format?: ImportFormat; csv?: CsvOptions; head?: Buffer },
  ): Promise<ImportReport>;
  importPath(path: string, options?: { format?: ImportFormat; csv?: CsvOptions }): Promise<ImportReport>;
  exportTo(out: Writable, request: ExportRequest, name?: string): Promise<ExportResult>;
  exportPath(path: string, request: ExportRequest): Promise<ExportResult>;
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

export function createFilesService(options: FilesServiceOptions): FilesService {
  const { store, ingest } = options;
  const progress = (payload: EventPayload<'files.progressed'>) => options.emit?.('files.progressed', payload);

  async function importInput(
    input: ImportInput,
    opts: { format?: ImportFormat; csv?: CsvOptions; head?: Buffer } = {},
  ): Promise<ImportReport> {
    const format = opts.format ?? detectFormat(input.name, opts.head ?? (await firstBytes(input)));
    const jobId = randomUUID();
    const report = await importFile({
      input,
      format,
      csv: opts.csv,
      ingest,
      createSource: async () =>
        (
          await store.createSource({
            name: input.name,
            description: `Imported from ${input.name} (${format})`,
            type: 'file',
            connectionInfo: validateConnectionInfo('file', { path: input.name, format }),
            isActive: false,
            tokenHash: hashToken(generateSourceToken()),
          })
        ).id,
      dropSource: (id) => store.deleteSource(id),
      onProgress: (p) =>
        progress({
          job_id: jobId,
          kind: 'import',
          name: input.name,
          done: p.bytes,
          total: p.total_bytes,
          finished: false,
        }),
    });
    progress({ job_id: jobId, kind: 'import', name: input.name, done: input.size, total: input.size, finished: true });
    return report;
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
      tracks: request.tracks,
      out,
      onProgress: (p) =>
        progress({ job_id: jobId, kind: 'export', name, done: p.objects, total: p.total, finished: false }),
    });
    progress({ job_id: jobId, kind: 'export', name, done: result.objects, total: result.objects, finished: true });
    return result;
  }

  return {
    importInput,
    importPath(path, opts = {}) {
      const size = statSync(path).size;
      return importInput(
        { name: basename(path), size, stream: () => createReadStream(path, { highWaterMark: 1 << 20 }) },
        opts,
      );
    },
    exportTo,
    async exportPath(path, request) {
      const file = createWriteStream(path);
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
  };
}

async function firstBytes(input: ImportInput): Promise<Buffer> {
  for await (const chunk of input.stream()) return chunk.subarray(0, 4096);
  return Buffer.alloc(0);
}
