import { describe, expect, it } from 'vitest';
import { splitLine, unwrapRing } from './antimeridian.js';

describe('unwrapRing', () => {
  it('keeps a ring that does not cross the antimeridian as it is', () => {
    const ring = [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 0],
    ];
    expect(unwrapRing(ring)).toEqual(ring);
  });
  it('makes a crossing ring continuous (Fiji-like)', () => {
    const ring = [
      [179, -16],
      [-179, -16],
      [-179, -17],
      [179, -17],
      [179, -16],
    ];
    expect(unwrapRing(ring)).toEqual([
      [179, -16],
      [181, -16],
      [181, -17],
      [179, -17],
      [179, -16],
    ]);
  });
  it('closes a ring that circles the south pole along -90 (Antarctica-like)', () => {
    const ring = [
      [-180, -80],
      [0, -70],
      [180, -80],
      [-180, -80],
    ];
    const out = unwrapRing(ring);
    expect(out.slice(-3)).toEqual([
      [-180 + 360, -90],
      [-180, -90],
      [-180, -80],
    ]);
  });
});

describe('splitLine', () => {
  it('splits where longitude jumps across the antimeridian', () => {
    expect(
      splitLine([
        [170, 0],
        [179, 1],
        [-179, 2],
        [-170, 3],
      ]),
    ).toEqual([
      [
        [170, 0],
        [179, 1],
      ],
      [
        [-179, 2],
        [-170, 3],
      ],
    ]);
  });
  it('keeps an ordinary line whole', () => {
    expect(
      splitLine([
        [0, 0],
        [5, 5],
        [10, 0],
      ]),
    ).toEqual([
      [
        [0, 0],
        [5, 5],
        [10, 0],
      ],
    ]);
  });
});
