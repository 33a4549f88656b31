/**
 * The AIS payload as bits: de-armoring of the six-bit ASCII payload of `!AIVDM` sentences, and a
 * reader of unsigned, signed and six-bit-text fields by bit offset (ITU-R M.1371, as gpsd's AIVDM
 * documentation describes it).
 */

export interface AisBits {
  /** Number of payload bits (six per character, minus the fill bits). */
  length: number;
  uint(start: number, width: number): number;
  int(start: number, width: number): number;
  /** Six-bit text of `chars` characters, up to the first `@` (padding), without trailing spaces unless `untrimmed`. */
  text(start: number, chars: number, untrimmed?: boolean): string;
}

/** De-armors a payload; undefined when a character is outside the AIS alphabet. */
export function unarmor(payload: string, fillBits: number): AisBits | undefined {
  const values = new Uint8Array(payload.length);
  for (let i = 0; i < payload.length; i += 1) {
    const c = payload.charCodeAt(i);
    if (c < 48 || c > 119 || (c > 87 && c < 96)) return undefined;
    let v = c - 48;
    if (v > 40) v -= 8;
    values[i] = v;
  }
  const length = Math.max(0, payload.length * 6 - fillBits);
  // Bits beyond the payload read as 0, as gpsd does for short messages.
  const bit = (i: number): number => (i < length ? ((values[Math.floor(i / 6)] ?? 0) >> (5 - (i % 6))) & 1 : 0);
  const uint = (start: number, width: number): number => {
    let n = 0;
    for (let i = 0; i < width; i += 1) n = n * 2 + bit(start + i);
    return n;
  };
  return {
    length,
    uint,
    int(start, width) {
      const n = uint(start, width);
      return n >= 2 ** (width - 1) ? n - 2 ** width : n;
    },
    text(start, chars, untrimmed = false) {
      let s = '';
      for (let i = 0; i < chars; i += 1) {
        const v = uint(start + i * 6, 6);
        s += String.fromCharCode(v < 32 ? v + 64 : v);
      }
      const upToPadding = s.split('@')[0] ?? '';
      return untrimmed ? upToPadding : upToPadding.trimEnd();
    },
  };
}
