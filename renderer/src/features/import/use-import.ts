/**
 * Import state shared by the drop zone and the Import section: files dropped or chosen are imported
 * one after another under a job id, progress comes from `files.progressed`, Cancel calls
 * `files.cancelImport`, and each file ends in a result ("imported N, skipped M" with reasons) or
 * main's one-sentence refusal (a cancelled import says what it removed, or a re-import what it kept).
 * OSM extracts go into a new source, or update the file source chosen in "Import OSM files into".
 * With "Also build an offline street basemap" (on by default, remembered), OSM extracts also start a
 * basemap build in main; its progress (`tiles.basemapProgressed`) is kept per build job.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiClient } from '../../api/client.js';
import type { EventPayload } from '../../../../electron/contract/events.js';
import type { MethodResult } from '../../../../electron/contract/methods.js';
import { appToken } from '../../app/app-token.js';
import { createRequiredContext } from '../../app/required-context.js';
import { errorMessage } from '../../app/app-context.js';
import { importUrl, isBinaryImport, newJobId, shouldStream, toBase64 } from './import-route.js';
import { isOsmFileName } from './import-summary.js';

type ImportReport = MethodResult<'files.import'>;
type BasemapProgress = EventPayload<'tiles.basemapProgressed'>;

const BASEMAP_KEY = 'osm-tracker.import-basemap';

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
  /** Whether OSM extracts also build an offline basemap (remembered in localStorage). */
  buildBasemap: boolean;
  setBuildBasemap(on: boolean): void;
  /** The latest progress of each basemap build an import started, by its job id. */
  basemapJobs: Record<string, BasemapProgress>;
  importFiles(files: File[]): Promise<void>;
  /** Desktop: main's open dialog. */
  importDialog(): Promise<void>;
  /** Cancels the running import (main removes what it stored). */
  cancel(): void;
  clear(): void;
}

/** Where a file goes and what else it starts: the source it updates, and whether it builds a basemap. */
interface ImportTarget {
  sourceId: string | undefined;
  basemap: boolean;
}

async function viaHub(file: File, jobId: string, target: ImportTarget, signal: AbortSignal): Promise<ImportReport> {
  const url = importUrl(file.name, appToken(), jobId, target.sourceId, target.basemap);
  const res = await fetch(url, { method: 'POST', body: file, signal });
  const body = (await res.json().catch(() => null)) as ImportReport | { error?: { message?: string } } | null;
  if (!res.ok || !body || 'error' in body)
    throw new Error((body && 'error' in body && body.error?.message) || `The hub answered ${res.status}.`);
  return body as ImportReport;
}

async function viaCall(client: ApiClient, file: File, jobId: string, target: ImportTarget): Promise<ImportReport> {
  const into = {
    ...(target.sourceId ? { source_id: target.sourceId } : {}),
    ...(target.basemap ? { basemap: true } : {}),
  };
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
  const [buildBasemap, setBuildBasemapState] = useState(() => localStorage.getItem(BASEMAP_KEY) !== 'off');
  const [basemapJobs, setBasemapJobs] = useState<Record<string, BasemapProgress>>({});
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

  // Kept by job id from the first event on: a small extract's build may end before its report arrives.
  useEffect(() => client.on('tiles.basemapProgressed', (p) => setBasemapJobs((jobs) => keepLatest(jobs, p))), [client]);

  const setBuildBasemap = useCallback((on: boolean) => {
    localStorage.setItem(BASEMAP_KEY, on ? 'on' : 'off');
    setBuildBasemapState(on);
  }, []);

  const add = (r: ImportResult) => setResults((list) => [r, ...list].slice(0, 20));

  const importFiles = useCallback(
    async (files: File[]) => {
      for (const file of files) {
        const jobId = newJobId();
        // Only an OSM extract updates the chosen source: anything else would mark its objects deleted.
        const osm = isOsmFileName(file.name);
        const target = {
          sourceId: updateSource !== null && osm ? updateSource : undefined,
          basemap: buildBasemap && osm,
        };
        setRunning({ name: file.name, done: 0, total: file.size, objects: 0, jobId });
        try {
          upload.current = new AbortController();
          const report = shouldStream(file.size, isDesktop)
            ? await viaHub(file, jobId, target, upload.current.signal)
            : await viaCall(client, file, jobId, target);
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
    [client, isDesktop, onImported, updateSource, buildBasemap],
  );

  const importDialog = useCallback(async () => {
    setRunning({ name: 'the chosen file', done: 0, total: 0, objects: 0 });
    dialogName.current = '';
    try {
      // Main's dialog offers only OSM extracts when a source is to be updated; main builds a basemap
      // only from an OSM extract, and the result shows its refusal for other files only when it matters.
      const r = await client.call('files.importDialog', {
        ...(updateSource ? { source_id: updateSource } : {}),
        ...(buildBasemap ? { basemap: true } : {}),
      });
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
  }, [client, onImported, updateSource, buildBasemap]);

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
      buildBasemap,
      setBuildBasemap,
      basemapJobs,
      importFiles,
      importDialog,
      cancel,
      clear: () => setResults([]),
    }),
    [running, results, updateSource, buildBasemap, setBuildBasemap, basemapJobs, importFiles, importDialog, cancel],
  );
}

/** The jobs with this event as its job's latest; only the 20 most recent jobs are kept. */
function keepLatest(jobs: Record<string, BasemapProgress>, p: BasemapProgress): Record<string, BasemapProgress> {
  const rest = Object.entries(jobs).filter(([id]) => id !== p.job_id);
  return Object.fromEntries([...rest.slice(-19), [p.job_id, p]]);
}
