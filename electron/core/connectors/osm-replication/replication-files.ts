/**
 * A replication directory as the planet's and Geofabrik's are laid out, on a server or on disk:
 * `state.txt` (the newest diff's `sequenceNumber` and `timestamp`), and per sequence N
 * `AAA/BBB/CCC.osc.gz` with its `AAA/BBB/CCC.state.txt` (N zero-padded to nine digits). Reads one
 * file at a time; a diff is handed out as a gunzipped stream.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { retryAfterMs } from '../opensky/opensky-connector.js';
import { redactUrl } from '../redact-url.js';
import { httpGet } from '../rest/http-get.js';

/** What a `state.txt` says. */
export interface ReplicationStateFile {
  sequence: number;
  /** Epoch ms, when the file has a timestamp. */
  timestamp?: number;
  /** As written (colons unescaped). */
  timestampText?: string;
}

/** A failed read: its sentence, the HTTP status (0 for a local file), and the wait a 429 asked for. */
export class ReplicationReadFailed extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly waitMs?: number,
  ) {
    super(message);
  }
}

/** Largest state file and largest compressed diff read. */
const MAX_STATE_BYTES = 64 * 1024;
const MAX_DIFF_BYTES = 512 * 1024 * 1024;

/** Reads `state.txt` text (Java properties, as Osmosis writes it: `timestamp=2016-07-02T21\:35\:02Z`). */
export function parseReplicationState(text: string): ReplicationStateFile | undefined {
  const seq = /^\s*sequenceNumber\s*=\s*(\d+)\s*$/m.exec(text);
  if (!seq) return undefined;
  const out: ReplicationStateFile = { sequence: Number(seq[1]) };
  const ts = /^\s*timestamp\s*=\s*(\S+)\s*$/m.exec(text);
  if (ts) {
    const written = ts[1]!.replace(/\\:/g, ':');
    const ms = Date.parse(written);
    if (Number.isFinite(ms)) Object.assign(out, { timestamp: ms, timestampText: written });
  }
  return out;
}

/** `1234567` → `001/234/567`. */
export function sequencePath(sequence: number): string {
  const digits = String(sequence).padStart(9, '0');
  return `${digits.slice(0, -6)}/${digits.slice(-6, -3)}/${digits.slice(-3)}`;
}

export interface ReplicationFiles {
  /** Where the files are, for messages (a URL without credentials, or the folder). */
  readonly where: string;
  /** `state.txt`, or sequence N's own state file; undefined when it does not exist (404, no file). */
  readState(sequence?: number): Promise<ReplicationStateFile | undefined>;
  /** Sequence N's osmChange, gunzipped, as a stream of buffers. */
  openDiff(sequence: number): Promise<AsyncIterable<Buffer>>;
}

export interface ReplicationFilesOptions {
  headers: Record<string, string>;
  agent: http.Agent;
  signal: AbortSignal;
  timeoutMs: number;
  now(): number;
}

/** The files under a server URL (the folder holding `state.txt`). */
export function httpReplicationFiles(url: string, o: ReplicationFilesOptions): ReplicationFiles {
  const base = url.replace(/\/+$/, '');
  const where = redactUrl(base);
  const get = async (path: string, maxBytes: number): Promise<Buffer | undefined> => {
    const res = await httpGet(`${base}/${path}`, {
      headers: o.headers,
      agent: o.agent,
      signal: o.signal,
      timeoutMs: o.timeoutMs,
      maxBytes,
    });
    if (res.status === 404) return undefined;
    if (res.status === 429) {
      const wait = retryAfterMs(res.headers, o.now());
      const asks = wait !== undefined ? `; it asks to wait ${Math.round(wait / 1000)} s` : '';
      throw new ReplicationReadFailed(`${where} answered HTTP 429 (rate limit) for ${path}${asks}`, 429, wait);
    }
    if (res.status < 200 || res.status >= 300)
      throw new ReplicationReadFailed(`${where} answered HTTP ${res.status} for ${path}`, res.status);
    return res.body;
  };
  return {
    where,
    async readState(sequence) {
      const body = await get(
        sequence === undefined ? 'state.txt' : `${sequencePath(sequence)}.state.txt`,
        MAX_STATE_BYTES,
      );
      return body && parseReplicationState(body.toString('utf8'));
    },
    async openDiff(sequence) {
      const path = `${sequencePath(sequence)}.osc.gz`;
      const body = await get(path, MAX_DIFF_BYTES);
      if (!body) throw new ReplicationReadFailed(`${where} has no ${path}`, 404);
      // The download is held compressed; the XML is inflated and parsed as a stream.
      return Readable.from([body]).pipe(createGunzip());
    },
  };
}

/** The files in a local folder (no network at all). */
export function directoryReplicationFiles(directory: string): ReplicationFiles {
  const readText = async (path: string): Promise<string | undefined> => {
    try {
      return await readFile(join(directory, path), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new ReplicationReadFailed(`Reading ${join(directory, path)} failed: ${(err as Error).message}`, 0);
    }
  };
  return {
    where: directory,
    async readState(sequence) {
      const text = await readText(sequence === undefined ? 'state.txt' : `${sequencePath(sequence)}.state.txt`);
      return text === undefined ? undefined : parseReplicationState(text);
    },
    async openDiff(sequence) {
      const path = join(directory, `${sequencePath(sequence)}.osc.gz`);
      const file = createReadStream(path);
      // Open errors (a missing diff) surface before the stream is handed out.
      await new Promise<void>((resolve, reject) => {
        file.once('open', () => resolve());
        file.once('error', (err) =>
          reject(
            new ReplicationReadFailed(
              `Reading ${path} failed: ${(err as NodeJS.ErrnoException).code ?? err.message}`,
              0,
            ),
          ),
        );
      });
      const gunzip = createGunzip();
      // pipe() leaves the file open when inflating fails (a damaged diff): close it with the inflater.
      gunzip.once('close', () => file.destroy());
      return file.pipe(gunzip);
    },
  };
}
