/**
 * Fuzzing the publisher endpoint of the real server with fast-check, 10,000 cases: malformed JSON,
 * wrong types, NaN/Infinity, out-of-range coordinates, huge strings, deep nesting, `__proto__`
 * keys, invalid UTF-8 and odd unicode. The server stays up, every bad message gets an error frame
 * naming the problem, and the good messages sent between them are stored.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- frames are loosely typed JSON in tests */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import type WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource, openWs, startServeProcess, type ServeProcess } from './serve-process.js';

const CASES = 10_000;
const TOKEN = 'fuzz-app-token-abcdefghijklmnop';

/** One fuzz case: the frame bytes and what must come back. */
type Case =
  | { kind: 'good'; data: Buffer; osmIds: string[]; seq: string }
  | { kind: 'bad'; data: Buffer; names: RegExp }
  | { kind: 'either'; data: Buffer; seq: string };

let goodSeq = 0;
const text = (s: string) => Buffer.from(s, 'utf8');
const coord = fc.tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -90, max: 90, noNaN: true }));
const oddString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('Zürich', 'שלום', '\u200b\u200d', 'e\u0301', '🚢⚓', '\u202etxet', 'ﷺ', '\ufeffbom', 'a\u0000b'),
);
const tagKey = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 20 }),
    fc.constantFrom('constructor', 'toString', 'hasOwnProperty', 'prototype', 'valueOf'),
  )
  .filter((k) => k !== '__proto__');
const tags = fc.dictionary(
  tagKey,
  fc.oneof(oddString, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean()),
  { maxKeys: 6 },
);

const goodObject = fc
  .tuple(coord, tags, fc.option(fc.integer({ min: 1_500_000_000_000, max: 1_700_000_000_000 }), { nil: undefined }))
  .map(([[lon, lat], t, at]) => {
    const osm_id = `g-${++goodSeq}`;
    return {
      osm_id,
      type: 'node',
      tags: t,
      geom: { type: 'Point', coordinates: [lon, lat] },
      ...(at === undefined ? {} : { observed_at: at }),
    };
  });

const good: fc.Arbitrary<Case> = fc.oneof(
  goodObject.map((o) => ({
    kind: 'good' as const,
    data: text(JSON.stringify({ ...o, seq: o.osm_id })),
    osmIds: [o.osm_id],
    seq: o.osm_id,
  })),
  fc.array(goodObject, { minLength: 1, maxLength: 5 }).map((objects) => ({
    kind: 'good' as const,
    data: text(JSON.stringify({ type: 'objects', seq: `b${goodSeq}`, objects })),
    osmIds: objects.map((o) => o.osm_id),
    seq: `b${goodSeq}`,
  })),
);

const base = () => ({ osm_id: 'bad', type: 'node', tags: { kind: 'x' }, geom: { type: 'Point', coordinates: [1, 2] } });
const bad =
  (names: RegExp) =>
  (data: Buffer | string): Case => ({ kind: 'bad', data: typeof data === 'string' ? text(data) : data, names });
const notJson = (s: string) => {
  try {
    JSON.parse(s);
    return false;
  } catch {
    return true;
  }
};

const wrongField = fc.oneof(
  fc.constantFrom(null, true, {}, [], '', '   ').map((v) => bad(/'osm_id'/)(JSON.stringify({ ...base(), osm_id: v }))),
  fc
    .constantFrom(1, 'blob', null, 'Node', ['node'], {})
    .map((v) => bad(/'type'/)(JSON.stringify({ ...base(), type: v }))),
  fc
    .constantFrom([], 'x', 5, true, { a: {} }, { a: [1] }, { a: null }, { '': 1 })
    .map((v) => bad(/tags/)(JSON.stringify({ ...base(), tags: v }))),
  fc
    .constantFrom(
      5,
      [],
      'garbage',
      { type: 'Point' },
      { type: 'Point', coordinates: 'x' },
      {
        type: 'LineString',
        coordinates: [
          [0, 0],
          [1, 1],
        ],
      },
      { type: 'Blob' },
      null,
    )
    .map((v) => bad(/geom/)(JSON.stringify({ ...base(), geom: v }))),
  fc
    .constantFrom(true, {}, 'yesterday', -5, '2026-13-45')
    .map((v) => bad(/observed_at/)(JSON.stringify({ ...base(), observed_at: v }))),
  fc
    .constantFrom('x', 5, null, {})
    .map((v) => bad(/'objects'/)(JSON.stringify({ type: 'objects', seq: 1, objects: v }))),
  fc.constantFrom('42', '"str"', 'null', 'true', '[]', '[1]').map(bad(/JSON object|objects|must be/)),
);
const malformed = fc
  .oneof(
    fc
      .string({ maxLength: 60 })
      .map((s) => `{"osm_id":${s}`)
      .filter(notJson),
    fc.string({ maxLength: 60 }).filter(notJson),
    fc.constantFrom(
      '{"osm_id":"a","type":"node","geom":{"type":"Point","coordinates":[NaN,1]}}',
      '{"a":Infinity}',
      "{'a':1}",
      '{"a":1,}',
      '',
    ),
  )
  .map(bad(/JSON/));
const nonFinite = fc
  .constantFrom(
    '{"osm_id":"a","type":"node","tags":{},"geom":{"type":"Point","coordinates":[1e999,1]}}',
    '{"osm_id":"a","type":"node","tags":{"speed":-1e999},"geom":{"type":"Point","coordinates":[1,1]}}',
  )
  .map(bad(/finite/));
const outOfRange = fc.oneof(
  fc
    .double({ min: 180.000001, max: 1e9, noNaN: true })
    .map((lon) => bad(/longitude/)(JSON.stringify({ ...base(), geom: { type: 'Point', coordinates: [lon, 0] } }))),
  fc
    .double({ min: -1e9, max: -90.000001, noNaN: true })
    .map((lat) => bad(/latitude/)(JSON.stringify({ ...base(), geom: { type: 'Point', coordinates: [0, lat] } }))),
);
const huge = fc.oneof(
  fc
    .integer({ min: 10_001, max: 300_000 })
    .map((n) => bad(/at most 10000 characters/)(JSON.stringify({ ...base(), tags: { note: 'x'.repeat(n) } }))),
  fc
    .integer({ min: 256, max: 5_000 })
    .map((n) => bad(/'osm_id'.*at most/)(JSON.stringify({ ...base(), osm_id: 'i'.repeat(n) }))),
  fc
    .integer({ min: 256, max: 2_000 })
    .map((n) => bad(/Tag key/)(JSON.stringify({ ...base(), tags: { ['k'.repeat(n)]: 1 } }))),
);
const deep = fc
  .integer({ min: 33, max: 100_000 })
  .map((d) =>
    bad(/nest/)(
      `{"osm_id":"a","type":"node","geom":{"type":"Point","coordinates":[1,1]},"tags":${'{"a":'.repeat(d)}1${'}'.repeat(d)}}`,
    ),
  );
const protoKeys = fc
  .constantFrom(
    '{"osm_id":"a","type":"node","tags":{"__proto__":"x"},"geom":{"type":"Point","coordinates":[1,1]}}',
    '{"osm_id":"a","type":"node","tags":{"__proto__":{"polluted":true}},"geom":{"type":"Point","coordinates":[1,1]}}',
  )
  .map(bad(/reserved|__proto__/));
const badUtf8 = fc
  .tuple(
    fc.constantFrom([0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80]),
    fc.nat(30),
  )
  .map(([bytes, at]) => {
    const json = text(JSON.stringify({ ...base(), tags: { name: 'abcdefghijklmnopqrstuvwxyz0123456789' } }));
    const i = json.indexOf('abc') + (at % 30);
    return bad(/UTF-8/)(Buffer.concat([json.subarray(0, i), Buffer.from(bytes), json.subarray(i)]));
  });
const loneSurrogates = fc.constantFrom('\\ud800', '\\udfff', '\\ud83d x').map((s): Case => {
  const seq = `e${++goodSeq}`;
  return {
    kind: 'either',
    seq,
    data: text(
      `{"seq":"${seq}","osm_id":"${seq}","type":"node","tags":{"name":"${s}"},"geom":{"type":"Point","coordinates":[1,1]}}`,
    ),
  };
});

const anyCase: fc.Arbitrary<Case> = fc.oneof(
  { arbitrary: good, weight: 2 },
  { arbitrary: wrongField, weight: 3 },
  { arbitrary: malformed, weight: 2 },
  { arbitrary: nonFinite, weight: 1 },
  { arbitrary: outOfRange, weight: 1 },
  { arbitrary: huge, weight: 1 },
  { arbitrary: deep, weight: 1 },
  { arbitrary: protoKeys, weight: 1 },
  { arbitrary: badUtf8, weight: 1 },
  { arbitrary: loneSurrogates, weight: 1 },
);

let server: ServeProcess;
let dataDir: string;
let source: { id: string; token: string };

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hub-fuzz-'));
  server = await startServeProcess({ dataDir, token: TOKEN });
  source = await createSource(server, 'fuzz');
}, 90_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('publisher endpoint fuzzing (real process)', () => {
  it(
    `survives ${CASES} cases, answers every bad message with a named error and stores the good ones`,
    { timeout: 900_000 },
    async () => {
      const ws: WebSocket = await openWs(`ws://127.0.0.1:${server.port}/api/ws/data-source/${source.id}/fuzz`, {
        headers: { authorization: `Bearer ${source.token}` },
      });
      // Refusals of bad frames come back at once and in order; acks of good ones after commit, by seq.
      const badAnswers: any[] = [];
      const badWaiters: ((m: any) => void)[] = [];
      const bySeq = new Map<string, (m: any) => void>();
      ws.on('message', (d: Buffer) => {
        const m = JSON.parse(d.toString()) as { type: string; seq?: string };
        const waiter = typeof m.seq === 'string' ? bySeq.get(m.seq) : undefined;
        if (waiter) {
          bySeq.delete(m.seq!);
          return waiter(m);
        }
        const w = badWaiters.shift();
        if (w) w(m);
        else badAnswers.push(m);
      });
      const nextBadAnswer = () =>
        badAnswers.length ? Promise.resolve(badAnswers.shift()) : new Promise<any>((res) => badWaiters.push(res));
      const stored: string[] = [];
      const goodAnswers: Promise<void>[] = [];
      let bads = 0;
      await fc.assert(
        fc.asyncProperty(anyCase, async (c) => {
          if (c.kind !== 'bad') {
            const answered = new Promise<any>((res) => bySeq.set(c.seq, res));
            ws.send(c.data);
            goodAnswers.push(
              answered.then((answer) => {
                if (c.kind === 'either') return expect(['ack', 'error']).toContain(answer.type);
                expect(answer, `good message refused: ${c.data.toString().slice(0, 200)}`).toMatchObject({
                  type: 'ack',
                });
                stored.push(...c.osmIds);
              }),
            );
            return;
          }
          ws.send(c.data);
          const answer = await nextBadAnswer();
          bads++;
          expect(answer.type, `bad message not refused: ${c.data.toString().slice(0, 200)}`).toBe('error');
          expect(answer.code).toBe('INVALID_INPUT');
          expect(answer.message).toMatch(c.names);
        }),
        { numRuns: CASES, seed: 4242, endOnFailure: true },
      );
      await Promise.all(goodAnswers);
      expect(ws.readyState).toBe(ws.OPEN);
      ws.close();
      expect(bads).toBeGreaterThan(CASES / 2);
      expect(server.child.exitCode).toBeNull();
      expect((await fetch(`${server.base}/api/health`)).status).toBe(200);
      const db = new Database(server.database.replace(/^sqlite:/, ''), { readonly: true });
      try {
        const have = new Set(
          db.prepare('SELECT osm_id FROM osm_objects WHERE source_id = ?').pluck().all(source.id) as string[],
        );
        expect(stored.filter((id) => !have.has(id))).toEqual([]);
        expect(stored.length).toBeGreaterThan(CASES / 10);
      } finally {
        db.close();
      }
    },
  );
});
