/**
 * Cuts a CoT byte stream into single `<event>…</event>` texts: TAK clients and servers send events
 * back to back with no delimiter (TAK protocol "version 0"), each maybe after an XML declaration.
 * Memory stays bounded: an event over the limit is dropped and skipped to its end tag, and anything
 * that is not an event (garbage, a DOCTYPE, TAK protocol 1 protobuf) is reported once per run.
 */

/** Longest event accepted, in bytes (ATAK's own events stay far below). */
export const MAX_EVENT_BYTES = 64 * 1024;

export interface CotFramerHooks {
  /** One complete event, from `<event` to `</event>`. */
  event(xml: string): void;
  /** Input that is not an event, with one sentence saying why. */
  reject(reason: string): void;
}

export interface CotFramer {
  push(chunk: Buffer): void;
  /** The stream (or datagram) ended: a half event left over is reported. */
  end(): void;
}

const OPEN = Buffer.from('<event');
const CLOSE = Buffer.from('</event>');
/** The TAK protocol 1 header byte (0xbf), followed by a version varint. */
const TAK_MAGIC = 0xbf;

/** Creates a framer; `maxEventBytes` bounds both one event and the bytes held while waiting. */
export function createCotFramer(hooks: CotFramerHooks, maxEventBytes = MAX_EVENT_BYTES): CotFramer {
  let buf: Buffer = Buffer.alloc(0);
  /** Dropping an oversized event until its end tag. */
  let skipping = false;
  /** A run of garbage was reported; the rest of the run is dropped quietly. */
  let inGarbage = false;

  const garbage = (bytes: Buffer): void => {
    if (!inGarbage) hooks.reject(describeGarbage(bytes));
    inGarbage = true;
  };

  const step = (): boolean => {
    if (skipping) {
      const end = buf.indexOf(CLOSE);
      if (end < 0) {
        buf = buf.subarray(Math.max(0, buf.length - CLOSE.length + 1));
        return false;
      }
      buf = buf.subarray(end + CLOSE.length);
      skipping = false;
      return true;
    }
    const start = findStart(buf);
    const head = start >= 0 ? start : buf.length - pendingTail(buf, maxEventBytes);
    if (head > 0) {
      const rest = stripIgnorable(buf.subarray(0, head));
      if (rest.length > 0) garbage(rest);
      buf = buf.subarray(head);
    }
    if (start < 0) return false;
    const end = buf.indexOf(CLOSE, OPEN.length);
    if (end < 0 || end + CLOSE.length > maxEventBytes) {
      if (buf.length <= maxEventBytes) return false;
      hooks.reject(`A CoT event longer than ${maxEventBytes} bytes was dropped.`);
      inGarbage = false;
      skipping = true;
      buf = buf.subarray(OPEN.length);
      return true;
    }
    inGarbage = false;
    const xml = buf.subarray(0, end + CLOSE.length).toString('utf8');
    buf = buf.subarray(end + CLOSE.length);
    hooks.event(xml);
    return true;
  };

  return {
    push(chunk) {
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
      while (step()) {
        /* each step consumes an event, a skip or a run of garbage */
      }
    },
    end() {
      const rest = skipping ? Buffer.alloc(0) : stripIgnorable(buf);
      if (rest.length > 0) {
        hooks.reject(
          rest.subarray(0, OPEN.length).equals(OPEN)
            ? `A CoT event ended before its end tag: '${preview(rest)}'.`
            : describeGarbage(rest),
        );
      }
      buf = Buffer.alloc(0);
      skipping = false;
      inGarbage = false;
    },
  };
}

/** Index of the next `<event` start tag, or -1 (also when the name may still go on). */
function findStart(buf: Buffer): number {
  let from = 0;
  for (;;) {
    const at = buf.indexOf(OPEN, from);
    if (at < 0 || at + OPEN.length >= buf.length) return -1;
    const next = buf[at + OPEN.length];
    if (next === 0x3e || next === 0x2f || next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d) return at;
    from = at + 1;
  }
}

/** Bytes at the end that may begin an event or a declaration still arriving (kept, not judged). */
function pendingTail(buf: Buffer, max: number): number {
  const lt = buf.lastIndexOf(0x3c);
  if (lt < 0 || buf.length - lt > max) return 0;
  const tail = buf.subarray(lt);
  if (tail.length <= OPEN.length && OPEN.subarray(0, tail.length).equals(tail)) return tail.length;
  const text = tail.toString('latin1');
  return text.startsWith('<?') && !text.includes('?>') ? tail.length : 0;
}

/** What is left of a gap between events once whitespace and XML declarations are removed. */
function stripIgnorable(bytes: Buffer): Buffer {
  const text = bytes.toString('latin1');
  const rest = text.replace(/<\?xml[^?]*\?>/g, '').trim();
  if (rest.length === 0) return Buffer.alloc(0);
  return rest.length === text.length ? bytes : Buffer.from(rest, 'latin1');
}

function describeGarbage(bytes: Buffer): string {
  if (bytes[0] === TAK_MAGIC) {
    return 'The CoT peer sent TAK protocol 1 (protobuf), which is not read here; set it to send XML (protocol 0).';
  }
  const text = bytes.toString('latin1');
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    return `CoT input with a DOCTYPE or entity declaration was refused (no DTDs are read): '${preview(bytes)}'.`;
  }
  return `CoT input that is not an <event> was dropped (${bytes.length} bytes): '${preview(bytes)}'.`;
}

/** The first characters of some bytes, printable. */
function preview(bytes: Buffer): string {
  const text = bytes.subarray(0, 60).toString('utf8');
  const shown = text.replace(/[^\x20-\x7e]/g, '?');
  return bytes.length > 60 ? `${shown}…` : shown;
}
