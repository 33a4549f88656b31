/**
 * Cuts a byte stream into lines (LF or CRLF) with a bound: a line longer than `maxBytes` is dropped
 * as it streams (never buffered whole) and reported once, and reading goes on at the next line.
 */

export interface LineSplitter {
  /** Feeds a chunk; calls `onLine` per complete line (latin1, without its ending). */
  push(chunk: Buffer): void;
  /** The unterminated rest, as a line (end of a datagram or of the stream); resets. */
  end(): void;
}

export function createLineSplitter(
  maxBytes: number,
  onLine: (line: string) => void,
  onOverlong: (bytes: number) => void,
): LineSplitter {
  let parts: Buffer[] = [];
  let held = 0;
  /** Bytes of an overlong line being skipped; -1 when not skipping. */
  let skipped = -1;

  const take = (piece: Buffer, complete: boolean): void => {
    if (skipped >= 0) {
      skipped += piece.length;
    } else if (held + piece.length > maxBytes) {
      skipped = held + piece.length;
      parts = [];
      held = 0;
    } else {
      parts.push(piece);
      held += piece.length;
    }
    if (!complete) return;
    if (skipped >= 0) {
      onOverlong(skipped);
    } else {
      const line = Buffer.concat(parts).toString('latin1');
      onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
    }
    parts = [];
    held = 0;
    skipped = -1;
  };

  return {
    push(chunk) {
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf(0x0a, start);
        if (nl < 0) break;
        take(chunk.subarray(start, nl), true);
        start = nl + 1;
      }
      if (start < chunk.length) take(chunk.subarray(start), false);
    },
    end() {
      if (held > 0 || skipped >= 0) take(Buffer.alloc(0), true);
    },
  };
}
