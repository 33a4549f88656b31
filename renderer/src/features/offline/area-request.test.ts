import { describe, expect, it } from 'vitest';
import { clampBbox, defaultZoomRange } from './area-request.js';

describe('area request', () => {
  it('keeps a bbox inside the world unchanged', () => {
    expect(clampBbox([9.9, 53.5, 10.1, 53.6])).toEqual([9.9, 53.5, 10.1, 53.6]);
  });
  it('clamps a view that extends past the world', () => {
    expect(clampBbox([-250, -89, 250, 89])).toEqual([-180, -85.0511, 180, 85.0511]);
  });
  it('offers the current zoom and two more levels', () => {
    expect(defaultZoomRange(5.4, 19)).toEqual([5, 7]);
  });
  it('stays within the layer maximum', () => {
    expect(defaultZoomRange(18, 19)).toEqual([18, 19]);
    expect(defaultZoomRange(21, 19)).toEqual([19, 19]);
  });
});
