/**
 * Receives an import's HTTP body into a private temporary file (0600) under the body limit, so a
 * slow import never holds the upload open and a file of any size costs disk, not memory.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../../contract/errors.js';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../../../../db/private-files.js';

/** The 413 refusal of a body over `import.maxBodyBytes`. */
export function bodyTooLarge(limit: number, declared?: number): AppError {
  const what =
    declared === undefined ? 'The import body' : `The import body of ${declared.toLocaleString('en-US')} bytes`;
  return new AppError(
    'INVALID_INPUT',
    `${what} is larger than ${limit.toLocaleString('en-US')} bytes, the limit of POST /api/import ('import.maxBodyBytes').`,
    { details: { status: 413 } },
  );
}

/** Writes the body to `<dir>/<uuid>.upload` and returns its path and size; removes it on failure. */
export async function spoolUpload(
  body: AsyncIterable<Buffer>,
  dir: string,
  limit: number,
): Promise<{ path: string; size: number }> {
  ensurePrivateDir(dir);
  const path = join(dir, `${randomUUID()}.upload`);
  let size = 0;
  try {
    await pipeline(
      body,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          size += chunk.length;
          if (size > limit) throw bodyTooLarge(limit);
          yield chunk;
        }
      },
      createWriteStream(path, { flags: 'wx', mode: PRIVATE_FILE_MODE }),
    );
  } catch (err) {
    rmSync(path, { force: true });
    throw err;
  }
  return { path, size };
}

/** Removes uploads a previous run left behind (it stopped during an import). */
export function clearSpool(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
