/**
 * One NMEA 0183 line → its checked parts: an optional IEC 61162-450 tag block (`\c:…*hh\`), the
 * talker and sentence type, the comma-separated fields. The checksum is required and verified.
 */

/** A checked sentence. `time` is the tag block's `c:` time (epoch ms) when the line had one. */
export interface NmeaSentence {
  /** `$` (parametric, GPS) or `!` (encapsulated, AIS). */
  start: '$' | '!';
  /** `GP`, `GN`, `AI`, …; empty for proprietary sentences (`$P…`). */
  talker: string;
  /** `RMC`, `GGA`, `VDM`, …; for proprietary sentences the whole address. */
  type: string;
  /** The fields after the address. */
  fields: string[];
  time?: number;
}

export type SentenceResult = { ok: true; sentence: NmeaSentence } | { ok: false; reason: string };

/** Reads one line (without its line ending). */
export function parseSentence(line: string): SentenceResult {
  let rest = line;
  let time: number | undefined;
  if (rest.startsWith('\\')) {
    const end = rest.indexOf('\\', 1);
    if (end < 0) return fail(`Tag block is not closed in '${clip(line)}'.`);
    const block = readTagBlock(rest.slice(1, end));
    if (!block.ok) return fail(`${block.reason} in '${clip(line)}'.`);
    time = block.time;
    rest = rest.slice(end + 1);
  }
  const start = rest[0];
  if (start !== '$' && start !== '!') return fail(`Line is not an NMEA sentence: '${clip(line)}'.`);
  const star = rest.lastIndexOf('*');
  if (star < 0) return fail(`Sentence has no checksum: '${clip(line)}'.`);
  const body = rest.slice(1, star);
  const given = rest.slice(star + 1, star + 3);
  if (!/^[0-9A-Fa-f]{2}$/.test(given))
    return fail(`Sentence has a malformed checksum '${clip(given)}': '${clip(line)}'.`);
  const computed = xorChecksum(body);
  if (computed !== parseInt(given, 16)) {
    return fail(`Sentence checksum is ${hex(computed)}, the line says ${given.toUpperCase()}: '${clip(line)}'.`);
  }
  if (!/^[\x20-\x7e]*$/.test(body)) return fail(`Sentence holds bytes outside printable ASCII: '${clip(line)}'.`);
  const parts = body.split(',');
  const address = parts[0] ?? '';
  if (!/^[A-Z0-9]{2,6}$/.test(address)) return fail(`Sentence address '${clip(address)}' is not a talker and type.`);
  const proprietary = address.startsWith('P');
  const sentence: NmeaSentence = {
    start,
    talker: proprietary ? '' : address.slice(0, 2),
    type: proprietary ? address : address.slice(2),
    fields: parts.slice(1),
  };
  if (time !== undefined) sentence.time = time;
  return { ok: true, sentence };
}

/** XOR of the characters between the start character and `*`. */
export function xorChecksum(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) sum ^= body.charCodeAt(i);
  return sum;
}

/** A tag block `s:rcv,c:1671620143*5A`: checksum verified, `c:` read as Unix seconds (or ms). */
function readTagBlock(text: string): { ok: true; time?: number } | { ok: false; reason: string } {
  const star = text.lastIndexOf('*');
  if (star < 0) return { ok: false, reason: 'Tag block has no checksum' };
  const given = text.slice(star + 1);
  const body = text.slice(0, star);
  if (!/^[0-9A-Fa-f]{2}$/.test(given) || xorChecksum(body) !== parseInt(given, 16)) {
    return { ok: false, reason: `Tag block checksum ${clip(given)} does not match ${hex(xorChecksum(body))}` };
  }
  for (const param of body.split(',')) {
    if (!param.startsWith('c:')) continue;
    const value = Number(param.slice(2));
    if (!Number.isInteger(value) || value <= 0)
      return { ok: false, reason: `Tag block time '${clip(param)}' is not a Unix time` };
    // Receivers write seconds; some write milliseconds (13 digits).
    return { ok: true, time: value >= 1e12 ? value : value * 1000 };
  }
  return { ok: true };
}

function fail(reason: string): SentenceResult {
  return { ok: false, reason };
}

function hex(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

/** A line shortened for an error sentence, with control bytes shown as `?`. */
export function clip(text: string, max = 60): string {
  const shown = text.length > max ? `${text.slice(0, max)}…` : text;
  return shown.replace(/[^\x20-\x7e…]/g, '?');
}
