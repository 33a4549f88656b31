/**
 * Import state shared by the drop zone and the Import section: files dropped or chosen are imported
 * one after another under a job id, progress comes from `files.progressed`, Cancel calls
 * `files.cancelImport`, and each file ends in a result ("imported N, skipped M" with reasons) or
 * main's one-sentence refusal (a cancelled import says what it removed, or a re-import what it kept).
 * OSM extracts go into a new source, or update the file source chosen in "Import OSM files into".
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiClient } from '../../api/client.js';
import type { MethodResult } from '../../../../electron/contract/methods.js';
import { appToken } from '../../app/app-token.js';
import { createRequiredContext } from '../../app/required-context.js';
import { errorMessage } from '../../app/app-context.js';
import { importUrl, isBinaryImport, newJobId, shouldStream, toBase64 } from './import-route.js';
import { isOsmFileName } from './import-summary.js';

type ImportReport = MethodResult<'files.import'>;

export interface ImportResult {
  name: string;
  report?: ImportReport;
  error?: string;
}

/** The import running now, the results so far, and the ways to start one. */
export interface ImportState {
  /** The file being imported: bytes read of total (0 until main reports), objects stored so far. */
  running: { name: string; done: number; total: number; objects: number; jobId?: string; cancelling?: boolean } | null;
  /** Newest first. */
  results: ImportResult[];
  /** The file source OSM extracts update (a re-import), or null for a new source per file. */
  updateSource: string | null;
  setUpdateSource(id: string | null): void;
  importFiles(files: File[]): Promise<void>;
  /** Desktop: main's open dialog. */
  importDialog(): Promise<void>;
  /** Cancels the running import (main removes what it stored). */
  cancel(): void;
  clear(): void;
}

async function viaHub(
  file: File,
  jobId: string,
  sourceId: string | undefined,
  signal: AbortSignal,
): Promise<ImportReport> {
  const res = await fetch(importUrl(file.name, appToken(), jobId, sourceId), { method: 'POST', body: file, signal });
  const body = (await res.json().catch(() => null)) as ImportReport | { error?: { message?: string } } | null;
  if (!res.ok || !body || 'error' in body)
    throw new Error((body && 'error' in body && body.error?.message) || `The hub answered ${res.status}.`);
  return body as ImportReport;
}

async function viaCall(
  client: ApiClient,
  file: File,
  jobId: string,
  sourceId: string | undefined,
): Promise<ImportReport> {
  const into = sourceId ? { source_id: sourceId } : {};
  if (isBinaryImport(file.name)) {
    const content = toBase64(new Uint8Array(await file.arrayBuffer()));
    return client.call('files.import', { name: file.name, content, encoding: 'base64', job_id: jobId, ...into });
  }
  const content = await file.text();
  return client.call('files.import', { name: file.name, content, encoding: 'utf8', job_id: jobId, ...into });
}

/** Provides the state of `useImport()`; `useImports()` reads it. */
export const [ImportContext, useImports] = createRequiredContext<ImportState>('ImportContext');

/** Runs imports one file after another; call once, in the shell, and provide the result. */
export function useImport(client: ApiClient, isDesktop: boolean, onImported?: () => void): ImportState {
  const [running, setRunning] = useState<ImportState['running']>(null);
  const [results, setResults] = useState<ImportResult[]>([]);
  const [updateSource, setUpdateSource] = useState<string | null>(null);
  // The dialog's file name and job id are known only from main's progress events.
  const dialogName = useRef<string | null>(null);
  // Aborts a streamed upload that main has not started importing yet (so has no job to cancel).
  const upload = useRef<AbortController | null>(null);

  useEffect(
    () =>
      client.on('files.progressed', (p) => {
        if (p.kind !== 'import') return;
        if (dialogName.current !== null) dialogName.current = p.name;
        setRunning((r) =>
          r && (r.jobId === p.job_id || (r.jobId === undefined && dialogName.current !== null)) && !p.finished
            ? { ...r, name: p.name, done: p.done, total: p.total, objects: p.objects ?? 0, jobId: p.job_id }
            : r,
        );
      }),
    [client],
  );

  const add = (r: ImportResult) => setResults((list) => [r, ...list].slice(0, 20));

  const importFiles = useCallback(
    async (files: File[]) => {
      for (const file of files) {
        const jobId = newJobId();
        // Only an OSM extract updates the chosen source: anything else would mark its objects deleted.
        const into = updateSource !== null && isOsmFileName(file.name) ? updateSource : undefined;
        setRunning({ name: file.name, done: 0, total: file.size, objects: 0, jobId });
        try {
          upload.current = new AbortController();
          const report = shouldStream(file.size, isDesktop)
            ? await viaHub(file, jobId, into, upload.current.signal)
            : await viaCall(client, file, jobId, into);
          add({ name: file.name, report });
          onImported?.();
        } catch (err) {
          const aborted = (err as { name?: string } | null)?.name === 'AbortError';
          add({
            name: file.name,
            error: aborted ? `The upload of '${file.name}' was cancelled; nothing was imported.` : errorMessage(err),
          });
        }
      }
      upload.current = null;
      setRunning(null);
    },
    [client, isDesktop, onImported, updateSource],
  );

  const importDialog = useCallback(async () => {
    setRunning({ name: 'the chosen file', done: 0, total: 0, objects: 0 });
    dialogName.current = '';
    try {
      // Main's dialog offers only OSM extracts when a source is to be updated.
      const r = await client.call('files.importDialog', updateSource ? { source_id: updateSource } : {});
      if (!r.cancelled && r.report) {
        add({ name: dialogName.current || `${r.report.format} file`, report: r.report });
        onImported?.();
      }
    } catch (err) {
      add({ name: 'Import', error: errorMessage(err) });
    } finally {
      dialogName.current = null;
      setRunning(null);
    }
  }, [client, onImported, updateSource]);

  const jobId = running?.jobId;
  const cancel = useCallback(() => {
    if (!jobId) return;
    setRunning((r) => (r ? { ...r, cancelling: true } : r));
    // Before main has the file (a streamed upload still sending) there is no job yet: stop the upload.
    client.call('files.cancelImport', { job_id: jobId }).catch(() => upload.current?.abort());
  }, [client, jobId]);

  return useMemo(
    () => ({
      running,
      results,
      updateSource,
      setUpdateSource,
      importFiles,
      importDialog,
      cancel,
      clear: () => setResults([]),
    }),
    [running, results, updateSource, importFiles, importDialog, cancel],
  );
}
