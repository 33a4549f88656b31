/**
 * The `nmea` source's decoder, pure of sockets: lines in, upserts and rejections out. It keeps the
 * state a stream needs (AIS fragments waiting, the stations' static data, the GPS epoch) and is
 * what the connector feeds and the bench measures (`decodeNmeaText`).
 */
import type { UpsertOp } from '../../ingest/normalize.js';
import { createAisVessels } from '../ais/ais-vessels.js';
import { unarmor } from './ais-bits.js';
import { createFragmentAssembler } from './ais-fragments.js';
import { decodeAis } from './ais-messages.js';
import { createGpsReceiver, GPS_SENTENCES } from './gps-receiver.js';
import { clip, parseSentence, type NmeaSentence } from './nmea-sentence.js';

export const NMEA_LIMITS = {
  /** Longest line read (an NMEA sentence is at most 82 characters; tag blocks add some). */
  maxLineBytes: 8192,
  /** An AIS message whose fragments are not all in within this time is dropped. */
  fragmentTimeoutMs: 10_000,
  /** Most AIS messages waiting for fragments at once. */
  maxPendingFragments: 1024,
  /** Most AIS stations whose position and static data are kept. */
  maxStations: 100_000,
} as const;

export interface DecodedLines {
  ops: UpsertOp[];
  /** One sentence per refused line or lost message. */
  rejected: string[];
}

export interface NmeaDecoderOptions {
  sourceId: string;
  /** osm_id of the GPS receiver object; by default `gps-<talker>`. */
  receiverId?: string;
}

export interface NmeaDecoder {
  /** Decodes one line (without its line ending) received at `now` (epoch ms). */
  line(text: string, now: number, out: DecodedLines): void;
  /** Stores the pending GPS epoch and drops timed-out AIS fragments. */
  flush(now: number, out: DecodedLines): void;
  /** True while a GPS epoch waits for its next sentence. */
  hasPendingFix(): boolean;
}

/** Creates the decoder of one stream. */
export function createNmeaDecoder(options: NmeaDecoderOptions): NmeaDecoder {
  const fragments = createFragmentAssembler({
    timeoutMs: NMEA_LIMITS.fragmentTimeoutMs,
    maxPending: NMEA_LIMITS.maxPendingFragments,
  });
  const vessels = createAisVessels(options.sourceId, NMEA_LIMITS.maxStations);
  const gps = createGpsReceiver(options.sourceId, options.receiverId);

  const ais = (s: NmeaSentence, line: string, arrival: number, out: DecodedLines): void => {
    const [count, index, seqId, channel, payload, fill] = s.fields;
    const n = Number(count);
    const i = Number(index);
    const fillBits = Number(fill);
    if (!(n >= 1 && n <= 9 && i >= 1 && i <= n && Number.isInteger(n) && Number.isInteger(i))) {
      out.rejected.push(`AIS sentence fragment '${clip(`${index},${count}`)}' is not i of n (1–9): '${clip(line)}'.`);
      return;
    }
    if (!(fillBits >= 0 && fillBits <= 5 && Number.isInteger(fillBits)) || payload === undefined || payload === '') {
      out.rejected.push(`AIS sentence has no payload or a bad fill-bit count '${clip(fill ?? '')}': '${clip(line)}'.`);
      return;
    }
    let whole: { payload: string; fillBits: number } | undefined = { payload, fillBits };
    if (n > 1) {
      const added = fragments.add(
        { kind: s.type, count: n, index: i, seqId: seqId ?? '', channel: channel ?? '', payload, fillBits },
        arrival,
      );
      out.rejected.push(...added.dropped);
      whole = added.message;
    }
    if (!whole) return;
    const bits = unarmor(whole.payload, whole.fillBits);
    if (!bits) {
      out.rejected.push(`AIS payload holds characters outside the six-bit alphabet: '${clip(whole.payload)}'.`);
      return;
    }
    const decoded = decodeAis(bits);
    if (decoded === undefined) return;
    if (!decoded.ok) {
      out.rejected.push(decoded.reason);
      return;
    }
    const applied = vessels.apply(decoded.report, arrival);
    if (applied.op) out.ops.push(applied.op);
    if (applied.rejected !== undefined)
      out.rejected.push(`AIS report from MMSI ${decoded.report.mmsi}: ${applied.rejected}`);
  };

  return {
    line(text, now, out) {
      if (text.trim() === '') return;
      const parsed = parseSentence(text.trim());
      if (!parsed.ok) {
        out.rejected.push(parsed.reason);
        return;
      }
      const s = parsed.sentence;
      const arrival = s.time ?? now;
      if (s.start === '!' && (s.type === 'VDM' || s.type === 'VDO')) {
        ais(s, text, arrival, out);
      } else if (s.start === '$' && GPS_SENTENCES.has(s.type)) {
        const r = gps.apply(s, arrival);
        if (r.error !== undefined) out.rejected.push(r.error);
        if (r.op) out.ops.push(r.op);
      }
      // Other sentences (GSV, GSA, ZDA, proprietary…) are valid NMEA the tracker has no use for.
    },
    flush(now, out) {
      out.rejected.push(...fragments.expire(now));
      const op = gps.flush();
      if (op) out.ops.push(op);
    },
    hasPendingFix: () => gps.hasPending(),
  };
}

/**
 * Decodes a whole text (a log, a datagram) at `now`: every line, then the pending fix. The pure
 * entry point for tests and the bench.
 */
export function decodeNmeaText(text: string, options: NmeaDecoderOptions & { now: number }): DecodedLines {
  const decoder = createNmeaDecoder(options);
  const out: DecodedLines = { ops: [], rejected: [] };
  for (const line of text.split(/\r?\n/)) decoder.line(line, options.now, out);
  decoder.flush(options.now, out);
  return out;
}
