/**
 * Cuts a byte stream into lines (LF or CRLF) with a bound, for every line-based protocol adapter
 * (nmea, gpsd, sbs): a line longer than `maxBytes` is dropped as it streams (never buffered whole)
 * and reported once, when it is first seen to be too long, and reading resumes at the next line.
 */

export interface LineSplitterOptions {
  /** Longest line kept, in bytes (without the LF; a CR before it counts). */
  maxBytes: number;
  /** How bytes become text: `latin1` never fails on stray bytes (NMEA is ASCII); default `utf8`. */
  encoding?: 'utf8' | 'latin1';
  /** One complete line, without its `\n` or `\r\n`. */
  onLine(line: string): void;
  /** A line went over `maxBytes`; it is dropped up to its line break. */
  onOverlong(): void;
}

export interface LineSplitter {
  /** Feeds a chunk: calls `onLine` per complete line, `onOverlong` once per line found too long. */
  push(chunk: Buffer): void;
  /** Ends the current line (the end of a datagram or of the stream): the rest, if any, is a line. */
  end(): void;
  /** Bytes held for an unfinished line. */
  pending(): number;
}

export function createLineSplitter(options: LineSplitterOptions): LineSplitter {
  const { maxBytes, onLine, onOverlong } = options;
  const encoding = options.encoding ?? 'utf8';
  let parts: Buffer[] = [];
  let held = 0;
  let skipping = false;

  /** Takes the bytes up to a line break (or the end of the chunk); `complete` when the line ended. */
  const take = (piece: Buffer, complete: boolean): void => {
    if (!skipping && held + piece.length > maxBytes) {
      skipping = true;
      parts = [];
      held = 0;
      onOverlong();
    }
    if (!skipping && piece.length > 0) {
      // An unfinished line is copied, so the socket's chunk is not held until its line ends.
      parts.push(complete ? piece : Buffer.from(piece));
      held += piece.length;
    }
    if (!complete) return;
    if (!skipping) {
      const line = (parts.length === 1 ? parts[0]! : Buffer.concat(parts, held)).toString(encoding);
      parts = [];
      held = 0;
      onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
    }
    skipping = false;
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
      if (held > 0) take(Buffer.alloc(0), true);
      skipping = false;
    },
    pending: () => held,
  };
}
