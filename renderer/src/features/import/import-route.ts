/**
 * How a dropped or chosen file reaches main: as text (or base64 for the binary KMZ) through
 * `files.import`, or, in the headless twin, streamed to the hub's `POST /api/import` when large;
 * either way under a job id chosen here, so the import can be cancelled.
 */

/** Files above this size are streamed to the hub in the headless twin instead of sent as one message. */
export const STREAM_ABOVE_BYTES = 20 * 1024 * 1024;

/** Whether a file must be read as base64 (binary formats: KMZ, OSM PBF, gzip, bzip2), not text. */
export function isBinaryImport(name: string): boolean {
  return /\.(kmz|pbf|gz|bz2)$/i.test(name);
}

/** Whether to stream this file over HTTP: only in the headless twin, and only when large. */
export function shouldStream(size: number, isDesktop: boolean, limit = STREAM_ABOVE_BYTES): boolean {
  return !isDesktop && size > limit;
}

/**
 * The hub import URL for a file name, relative to the page, with the app token when there is one;
 * `sourceId` re-imports into that file source; `basemap` also builds an offline basemap from it.
 */
export function importUrl(name: string, token: string, jobId?: string, sourceId?: string, basemap = false): string {
  const q = new URLSearchParams({ name });
  if (jobId) q.set('job_id', jobId);
  if (sourceId) q.set('source_id', sourceId);
  if (basemap) q.set('basemap', '1');
  if (token) q.set('token', token);
  return `./api/import?${q.toString()}`;
}

/** A fresh import job id (letters, digits and '-'), so the import can be cancelled from its start. */
export function newJobId(): string {
  const random = globalThis.crypto?.randomUUID?.();
  return random ?? `import-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Base64 of bytes, in chunks so large files do not overflow the argument list. */
export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}
