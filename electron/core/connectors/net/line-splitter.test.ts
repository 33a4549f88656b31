import { describe, expect, it } from 'vitest';
import { createLineSplitter, type LineSplitterOptions } from './line-splitter.js';

/** A splitter whose lines and overlong count are collected. */
function collect(maxBytes: number, encoding?: LineSplitterOptions['encoding']) {
  const got = { lines: [] as string[], overlong: 0 };
  const splitter = createLineSplitter({
    maxBytes,
    encoding,
    onLine: (line) => got.lines.push(line),
    onOverlong: () => (got.overlong += 1),
  });
  /** Pushes a chunk and returns what it gave. */
  const push = (chunk: Buffer | string): { lines: string[]; overlong: number } => {
    splitter.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    const out = { lines: got.lines.splice(0), overlong: got.overlong };
    got.overlong = 0;
    return out;
  };
  return { splitter, push, got };
}

describe('createLineSplitter', () => {
  it('joins lines cut across chunks and strips CRLF', () => {
    const { push } = collect(64);
    expect(push('{"class":"VER')).toEqual({ lines: [], overlong: 0 });
    expect(push('SION"}\r\n{"a":1}\r\n{"b"')).toEqual({ lines: ['{"class":"VERSION"}', '{"a":1}'], overlong: 0 });
    expect(push(':2}\n')).toEqual({ lines: ['{"b":2}'], overlong: 0 });
  });

  it('drops a line longer than the limit as it streams, counts it once when first seen, and reads on', () => {
    const { splitter, push } = collect(64 * 1024);
    const mb = Buffer.alloc(1024 * 1024, 0x61);
    expect(push(mb).overlong).toBe(1);
    for (let i = 1; i < 10; i += 1) {
      expect(push(mb).overlong).toBe(0);
      expect(splitter.pending()).toBe(0);
    }
    expect(push('aaa\n{"ok":true}\n')).toEqual({ lines: ['{"ok":true}'], overlong: 0 });
  });

  it('keeps a line of exactly the limit and splits a multi-byte character only at line breaks', () => {
    const { push } = collect(4);
    const euro = Buffer.from('€a\n'); // 3 bytes + 1
    expect(push(euro.subarray(0, 2))).toEqual({ lines: [], overlong: 0 });
    expect(push(euro.subarray(2))).toEqual({ lines: ['€a'], overlong: 0 });
    expect(push('abcde\n')).toEqual({ lines: [], overlong: 1 });
    expect(push('abc\r\n')).toEqual({ lines: ['abc'], overlong: 0 });
  });

  it('reads latin1 byte for byte, so stray bytes never become replacement characters', () => {
    const { push } = collect(64, 'latin1');
    expect(push(Buffer.from([0x24, 0xfe, 0xff, 0x0d, 0x0a]))).toEqual({ lines: ['$\u00fe\u00ff'], overlong: 0 });
  });

  it('ends a datagram: the unterminated rest is a line, an overlong rest is not, and nothing is carried over', () => {
    const { splitter, push, got } = collect(8);
    push('$GPGGA\n$GPRMC');
    expect(splitter.pending()).toBe(6);
    splitter.end();
    expect(got.lines).toEqual(['$GPRMC']);
    expect(splitter.pending()).toBe(0);
    got.lines.length = 0;
    expect(push('0123456789')).toEqual({ lines: [], overlong: 1 });
    splitter.end();
    expect(push('next\n')).toEqual({ lines: ['next'], overlong: 0 });
    splitter.end();
    expect(got.lines).toEqual([]);
  });
});
