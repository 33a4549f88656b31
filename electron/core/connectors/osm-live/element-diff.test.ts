import { describe, expect, it } from 'vitest';
import type { Tags } from '../../../contract/domain.js';
import { ElementDiff, type LiveElement } from './element-diff.js';

const tags = (t: Record<string, string | number>) => Object.assign(Object.create(null) as Tags, t);
const node = (id: string, t: Record<string, string | number>, observedAt?: number, lon = 1): LiveElement => ({
  type: 'node',
  osmId: id,
  tags: tags(t),
  geom: { type: 'Point', coordinates: [lon, 2] },
  ...(observedAt !== undefined ? { observedAt } : {}),
});
/** One answer diffed and its ops stored (the diff remembers it). */
function nextStored(diff: ElementDiff, ...args: Parameters<ElementDiff['next']>) {
  const r = diff.next(...args);
  r.commit();
  return r;
}

const times = (ops: ReturnType<ElementDiff['next']>['ops']) =>
  ops.map((o) => (o.op === 'upsert' ? [o.osmId, o.observedAt, o.tags['osm:deleted'] ?? null] : o.op));

describe('ElementDiff', () => {
  it('upserts new elements, skips unchanged ones, keeps a new version at its own time', () => {
    const diff = new ElementDiff();
    const first = nextStored(diff, [node('1', { a: 'x', 'osm:version': 1 }, 100), node('2', { b: 'y' })], {
      sourceId: 's',
      answerTime: 500,
    });
    expect(first.counts).toEqual({ created: 2, changed: 0, deleted: 0, unchanged: 0 });
    expect(times(first.ops)).toEqual([
      ['1', 100, null],
      ['2', 500, null],
    ]);
    const second = nextStored(diff, [node('1', { a: 'z', 'osm:version': 2 }, 300), node('2', { b: 'y' })], {
      sourceId: 's',
      answerTime: 600,
    });
    expect(second.counts).toEqual({ created: 0, changed: 1, deleted: 0, unchanged: 1 });
    expect(times(second.ops)).toEqual([['1', 300, null]]);
  });

  it('observes a change without a new version (a moved node of a way) at the answer time', () => {
    const diff = new ElementDiff();
    nextStored(diff, [node('1', { 'osm:version': 1 }, 100)], { sourceId: 's', answerTime: 500 });
    const moved = nextStored(diff, [node('1', { 'osm:version': 1 }, 100, 3)], { sourceId: 's', answerTime: 700 });
    expect(times(moved.ops)).toEqual([['1', 700, null]]);
  });

  it('marks a gone element deleted once, after its last observation, and not one the answer holds unbuilt', () => {
    const diff = new ElementDiff();
    nextStored(diff, [node('1', { a: 'x' }, 900), node('2', { b: 'y' }, 100), node('3', { c: 'z' }, 100)], {
      sourceId: 's',
      answerTime: 500,
    });
    const gone = nextStored(diff, [node('2', { b: 'y' }, 100)], {
      sourceId: 's',
      answerTime: 600,
      present: new Set(['node/3']),
    });
    expect(gone.counts.deleted).toBe(1);
    expect(times(gone.ops)).toEqual([['1', 901, 'yes']]);
    expect(nextStored(diff, [node('2', { b: 'y' }, 100)], { sourceId: 's', answerTime: 700 }).ops).toEqual([
      expect.objectContaining({ osmId: '3', tags: expect.objectContaining({ 'osm:deleted': 'yes' }) }),
    ]);
    const back = nextStored(diff, [node('1', { a: 'x' }, 900), node('2', { b: 'y' }, 100)], {
      sourceId: 's',
      answerTime: 800,
    });
    expect(times(back.ops)).toEqual([['1', 902, null]]);
    expect(diff.size).toBe(2);
  });
  it('diffs an answer whose ops were not stored against the last stored one, so they are sent again', () => {
    const diff = new ElementDiff();
    nextStored(diff, [node('1', { a: 'x', 'osm:version': 1 }, 100), node('2', { b: 'y' })], {
      sourceId: 's',
      answerTime: 500,
    });
    const answer = [node('1', { a: 'z', 'osm:version': 2 }, 300)];
    const lost = diff.next(answer, { sourceId: 's', answerTime: 600 });
    expect(lost.counts).toEqual({ created: 0, changed: 1, deleted: 1, unchanged: 0 });
    // Not committed (ingest refused it): the next poll's same answer calls for the same ops.
    const again = diff.next(answer, { sourceId: 's', answerTime: 600 });
    expect(again.ops).toEqual(lost.ops);
    again.commit();
    expect(diff.next(answer, { sourceId: 's', answerTime: 700 }).ops).toEqual([]);
  });
});
