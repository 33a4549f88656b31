/**
 * Cuts a byte stream into lines of at most `maxBytes` bytes: a longer line is dropped as it streams
 * (never buffered whole) and reported once, and reading resumes at the next line break.
 */

export interface LineSplitter {
  /** Feeds a chunk; returns its complete lines (UTF-8, without `\r\n`) and how many lines were too long. */
  push(chunk: Buffer): { lines: string[]; overlong: number };
}

export function createLineSplitter(maxBytes: number): LineSplitter {
  let parts: Buffer[] = [];
  let held = 0;
  let skipping = false;
  return {
    push(chunk) {
      const lines: string[] = [];
      let overlong = 0;
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf(0x0a, start);
        const end = nl === -1 ? chunk.length : nl;
        if (!skipping && held + (end - start) > maxBytes) {
          skipping = true;
          overlong += 1;
          parts = [];
          held = 0;
        }
        if (!skipping && end > start) {
          parts.push(chunk.subarray(start, end));
          held += end - start;
        }
        if (nl === -1) break;
        if (!skipping) lines.push(Buffer.concat(parts, held).toString('utf8').replace(/\r$/, ''));
        parts = [];
        held = 0;
        skipping = false;
        start = nl + 1;
      }
      // Keep only what this call still holds: a copy, so the socket's chunk can be freed.
      if (parts.length > 0) {
        parts = [Buffer.concat(parts, held)];
      }
      return { lines, overlong };
    },
  };
}
