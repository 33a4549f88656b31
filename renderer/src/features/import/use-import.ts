/**
 * Import state shared by the drop zone and the Import section: files dropped or chosen are imported
 * one after another, progress comes from `files.progressed`, and each file ends in a result
 * ("imported N, skipped M" with reasons) or main's one-sentence refusal.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiClient } from '../../api/client.js';
import type { MethodResult } from '../../../../electron/contract/methods.js';
import { appToken } from '../../app/app-token.js';
import { createRequiredContext } from '../../app/required-context.js';
import { errorMessage } from '../../app/app-context.js';
import { importUrl, isBinaryImport, shouldStream, toBase64 } from './import-route.js';

type ImportReport = MethodResult<'files.import'>;

export interface ImportResult {
  name: string;
  report?: ImportReport;
  error?: string;
}

/** The import running now, the results so far, and the ways to start one. */
export interface ImportState {
  /** The file being imported, with bytes done of total (total 0 until main reports). */
  running: { name: string; done: number; total: number } | null;
  /** Newest first. */
  results: ImportResult[];
  importFiles(files: File[]): Promise<void>;
  /** Desktop: main's open dialog. */
  importDialog(): Promise<void>;
  clear(): void;
}

async function viaHub(file: File): Promise<ImportReport> {
  const res = await fetch(importUrl(file.name, appToken()), { method: 'POST', body: file });
  const body = (await res.json().catch(() => null)) as ImportReport | { error?: { message?: string } } | null;
  if (!res.ok || !body || 'error' in body)
    throw new Error((body && 'error' in body && body.error?.message) || `The hub answered ${res.status}.`);
  return body as ImportReport;
}

async function viaCall(client: ApiClient, file: File): Promise<ImportReport> {
  if (isBinaryImport(file.name)) {
    const content = toBase64(new Uint8Array(await file.arrayBuffer()));
    return client.call('files.import', { name: file.name, content, encoding: 'base64' });
  }
  return client.call('files.import', { name: file.name, content: await file.text(), encoding: 'utf8' });
}

/** Provides the state of `useImport()`; `useImports()` reads it. */
export const [ImportContext, useImports] = createRequiredContext<ImportState>('ImportContext');

/** Runs imports one file after another; call once, in the shell, and provide the result. */
export function useImport(client: ApiClient, isDesktop: boolean, onImported?: () => void): ImportState {
  const [running, setRunning] = useState<ImportState['running']>(null);
  const [results, setResults] = useState<ImportResult[]>([]);
  // The dialog's file name is known only from main's progress events.
  const dialogName = useRef<string | null>(null);

  useEffect(
    () =>
      client.on('files.progressed', (p) => {
        if (p.kind !== 'import') return;
        if (dialogName.current !== null) dialogName.current = p.name;
        setRunning((r) =>
          r && (r.name === p.name || dialogName.current !== null) && !p.finished
            ? { name: p.name, done: p.done, total: p.total }
            : r,
        );
      }),
    [client],
  );

  const add = (r: ImportResult) => setResults((list) => [r, ...list].slice(0, 20));

  const importFiles = useCallback(
    async (files: File[]) => {
      for (const file of files) {
        setRunning({ name: file.name, done: 0, total: file.size });
        try {
          const report = shouldStream(file.size, isDesktop) ? await viaHub(file) : await viaCall(client, file);
          add({ name: file.name, report });
          onImported?.();
        } catch (err) {
          add({ name: file.name, error: errorMessage(err) });
        }
      }
      setRunning(null);
    },
    [client, isDesktop, onImported],
  );

  const importDialog = useCallback(async () => {
    setRunning({ name: 'the chosen file', done: 0, total: 0 });
    dialogName.current = '';
    try {
      const r = await client.call('files.importDialog', {});
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
  }, [client, onImported]);

  return useMemo(
    () => ({ running, results, importFiles, importDialog, clear: () => setResults([]) }),
    [running, results, importFiles, importDialog],
  );
}
