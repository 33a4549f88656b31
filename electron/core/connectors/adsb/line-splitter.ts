/**
 * Splits a byte stream into text lines with a bound: a line longer than `maxLineBytes` is dropped
 * whole (up to its line break) and reported once, so a peer sending 10 MB without a break costs at
 * most `maxLineBytes` of memory.
 */

export interface LineSplitter {
  /** Feeds a chunk; calls `onLine` per complete line (without `\r\n`) and `onOverlong` per dropped line. */
  push(chunk: Buffer): void;
  /** Bytes held for an unfinished line. */
  pending(): number;
}

export function createLineSplitter(
  maxLineBytes: number,
  onLine: (line: string) => void,
  onOverlong: (bytes: number) => void,
): LineSplitter {
  let parts: Buffer[] = [];
  let held = 0;
  /** Bytes of the overlong line being skipped, or -1 when not skipping. */
  let skipping = -1;

  return {
    pending: () => held,
    push(chunk) {
      let start = 0;
      while (start < chunk.length) {
        const nl = chunk.indexOf(0x0a, start);
        const end = nl === -1 ? chunk.length : nl;
        const piece = chunk.subarray(start, end);
        if (skipping >= 0) {
          skipping += piece.length;
        } else if (held + piece.length > maxLineBytes) {
          skipping = held + piece.length;
          parts = [];
          held = 0;
        } else if (piece.length > 0) {
          parts.push(piece);
          held += piece.length;
        }
        if (nl === -1) break;
        if (skipping >= 0) {
          onOverlong(skipping);
          skipping = -1;
        } else {
          const line = parts.length === 1 ? parts[0]!.toString('utf8') : Buffer.concat(parts).toString('utf8');
          parts = [];
          held = 0;
          onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
        }
        start = nl + 1;
      }
    },
  };
}
