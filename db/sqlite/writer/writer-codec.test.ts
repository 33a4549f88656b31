// The writer's wire form: upserts cross as flat JSON text + bbox and decode back to the same op.
import { describe, expect, it } from 'vitest';
import type { IngestOp } from '../../store.js';
import { batchIso, toIso } from '../../object-rows.js';
import { historyColumns } from '../../history-rows.js';
import { decodeOp, encodeOp, encodeOps, historyOf, type EncodedUpsert } from './writer-codec.js';

const tags = Object.assign(Object.create(null) as Record<string, string | number>, {
  name: 'A',
  kind: 'ship',
  speed: 3,
});

describe('writer codec', () => {
  it('encodes an upsert with coordinates as JSON text, labels and bbox, and decodes it back', () => {
    const op: IngestOp = {
      op: 'upsert',
      sourceId: 's',
      type: 'way',
      osmId: '7',
      tags,
      geom: {
        type: 'LineString',
        coordinates: [
          [1, 2],
          [3, -4],
        ],
      },
      observedAt: 5,
      tainted: true,
    };
    const wire = encodeOp(op);
    expect(wire).toEqual([
      's',
      'way',
      '7',
      JSON.stringify(tags),
      JSON.stringify(op.geom),
      5,
      1,
      'A',
      'ship',
      1,
      -4,
      3,
      2,
      0,
      // History: the tags without the numeric speed, that speed, and not a plain point (the line is kept).
      JSON.stringify({ name: 'A', kind: 'ship' }),
      3,
      null,
      null,
      0,
    ]);
    expect(historyOf(wire as EncodedUpsert)).toEqual(
      historyColumns(tags, op.geom, JSON.stringify(tags), JSON.stringify(op.geom), [1, -4, 3, 2]),
    );
    expect(historyOf(wire as EncodedUpsert)).toMatchObject({
      lon: 20_000_000,
      lat: -10_000_000,
      geomJson: JSON.stringify(op.geom),
    });
    expect(encodeOp(wire)).toBe(wire);
    expect(decodeOp(wire)).toEqual({ ...op, tags: { ...tags } });
    const point = encodeOp({
      ...op,
      type: 'node',
      tags: { ['__proto__']: 'x' },
      geom: { type: 'Point', coordinates: [1, 2] },
      tainted: false,
    });
    // No numeric position tags: the static tags are the tags themselves (null), a plain point.
    expect((point as unknown[]).slice(6)).toEqual([0, null, null, 1, 2, 1, 2, 1, null, null, null, null, 1]);
    expect(historyOf(point as EncodedUpsert)).toEqual({
      lon: 10_000_000,
      lat: 20_000_000,
      speed: null,
      heading: null,
      altitude: null,
      geomJson: null,
      staticJson: JSON.stringify({ ['__proto__']: 'x' }),
    });
    const back = decodeOp(point) as Extract<IngestOp, { op: 'upsert' }>;
    expect(Object.keys(back.tags)).toEqual(['__proto__']);
    expect(back.tainted).toBeUndefined();
  });

  it('passes patches, deletes and upserts without coordinates through as they are', () => {
    const ops: IngestOp[] = [
      {
        op: 'upsert',
        sourceId: 's',
        type: 'node',
        osmId: '1',
        tags,
        geom: { type: 'Point', coordinates: [] },
        observedAt: 1,
      },
      { op: 'delete', objectId: 'x' },
      { op: 'patch', objectId: 'x', tags: { a: null }, tagsMode: 'merge', observedAt: 2 },
    ];
    const wire = encodeOps(ops);
    wire.forEach((w, i) => expect(w).toBe(ops[i]));
    expect(wire.map(decodeOp)).toEqual(ops);
  });

  it('formats result times exactly as toIso does, and falls back to it outside the cached range', () => {
    const times = [
      0,
      1,
      59_999,
      60_000,
      1_700_000_000_123,
      Date.UTC(2026, 11, 31, 23, 59, 59, 999),
      253_402_300_799_999,
    ];
    for (let i = 0; i < 2000; i++) times.push(Math.floor(((i * 7919) % 2000) * 1.3e9 + i * 37));
    for (const t of times) expect(batchIso(t)).toBe(toIso(t));
    for (const t of [-1, 1.5, 253_402_300_800_000, -62_000_000_000_000]) expect(batchIso(t)).toBe(toIso(t));
  });
});
