import { describe, expect, it } from 'vitest';
import { createLineSplitter } from './line-splitter.js';

describe('createLineSplitter', () => {
  it('joins lines cut across chunks and strips CRLF', () => {
    const s = createLineSplitter(64);
    expect(s.push(Buffer.from('{"class":"VER'))).toEqual({ lines: [], overlong: 0 });
    expect(s.push(Buffer.from('SION"}\r\n{"a":1}\r\n{"b"'))).toEqual({
      lines: ['{"class":"VERSION"}', '{"a":1}'],
      overlong: 0,
    });
    expect(s.push(Buffer.from(':2}\n'))).toEqual({ lines: ['{"b":2}'], overlong: 0 });
  });

  it('drops a line longer than the limit as it streams, counts it once, and reads on', () => {
    const s = createLineSplitter(64 * 1024);
    const mb = Buffer.alloc(1024 * 1024, 0x61);
    let overlong = 0;
    for (let i = 0; i < 10; i += 1) overlong += s.push(mb).overlong;
    const tail = s.push(Buffer.from('aaa\n{"ok":true}\n'));
    expect(overlong + tail.overlong).toBe(1);
    expect(tail.lines).toEqual(['{"ok":true}']);
  });

  it('keeps a line of exactly the limit and splits a multi-byte character only at line breaks', () => {
    const s = createLineSplitter(4);
    const euro = Buffer.from('€a\n'); // 3 bytes + 1
    expect(s.push(euro.subarray(0, 2))).toEqual({ lines: [], overlong: 0 });
    expect(s.push(euro.subarray(2))).toEqual({ lines: ['€a'], overlong: 0 });
    expect(s.push(Buffer.from('abcde\n'))).toEqual({ lines: [], overlong: 1 });
  });
});
