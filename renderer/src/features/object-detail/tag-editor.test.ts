import { describe, expect, it } from 'vitest';
import { parseTagValue } from './tag-editor.js';
import { historyTrack } from './object-detail.js';

describe('parseTagValue', () => {
  it('keeps a number tag a number while the text reads as one, else a string', () => {
    expect(parseTagValue('12.5', 3)).toBe(12.5);
    expect(parseTagValue('fast', 3)).toBe('fast');
    expect(parseTagValue('', 3)).toBe('');
  });
  it('keeps a boolean tag a boolean for true/false only', () => {
    expect(parseTagValue('false', true)).toBe(false);
    expect(parseTagValue('no', true)).toBe('no');
  });
  it('leaves strings and new tags as strings', () => {
    expect(parseTagValue('42', 'x')).toBe('42');
    expect(parseTagValue('42', undefined)).toBe('42');
  });
});

describe('historyTrack', () => {
  it('turns newest-first history into an oldest-first [lat, lon] track, skipping tag-only entries', () => {
    const t = '2026-01-01T00:00:00.000Z';
    const h = (lon: number, lat: number) => ({
      id: `${lon}`,
      object_id: 'o',
      geom: { type: 'Point' as const, coordinates: [lon, lat] },
      tags: null,
      observed_at: t,
      received_at: t,
    });
    expect(historyTrack([h(3, 30), { ...h(0, 0), geom: null }, h(1, 10)])).toEqual([
      [10, 1],
      [30, 3],
    ]);
  });
});
