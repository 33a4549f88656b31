// The list's rows as a component sees them: live while not held; held still (contents refreshed)
// with a count of what is held back; a new query shown at once; show() applies what was held.
import { act, useEffect } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OsmObject } from '../../../../electron/contract/domain.js';
import type { RowSet } from './held-rows.js';
import { useHeldRows, type HeldRows } from './use-held-rows.js';
import { revealRow } from './use-reveal-selected.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const set = (ids: string[], speed = 0): RowSet => ({
  total: ids.length,
  rows: new Map(ids.map((id, i) => [i, { id, tags: { speed } } as unknown as OsmObject])),
});

let container: HTMLDivElement;
let root: Root;
let rows: HeldRows;

function Harness(props: { live: RowSet | null; isHeld: boolean; queryKey: string; onRows(rows: HeldRows): void }) {
  const held = useHeldRows(props.live, props.isHeld, props.queryKey);
  useEffect(() => {
    props.onRows(held);
  });
  return null;
}
const render = (live: RowSet | null, isHeld: boolean, queryKey = 'q1') =>
  act(() =>
    root.render(
      <Harness
        live={live}
        isHeld={isHeld}
        queryKey={queryKey}
        onRows={(held) => {
          rows = held;
        }}
      />,
    ),
  );
const order = () => Array.from({ length: rows.total }, (_, i) => rows.rowAt(i)?.id);

beforeEach(() => {
  container = document.createElement('div');
  root = createRoot(container);
});

afterEach(() => act(() => root.unmount()));

describe('useHeldRows', () => {
  it('follows the live rows while not held', () => {
    render(set(['a', 'b']), false);
    render(set(['c', 'a', 'b']), false);
    expect(order()).toEqual(['c', 'a', 'b']);
    expect(rows.heldBack).toBe(0);
  });

  it('holds the order while held, refreshes contents, and counts the rows held back', () => {
    render(set(['a', 'b']), false);
    render(set(['a', 'b']), true);
    render(set(['c', 'b', 'a'], 5), true);
    expect(order()).toEqual(['a', 'b']);
    expect(rows.rowAt(0)?.tags.speed).toBe(5);
    expect(rows.heldBack).toBe(2);
  });

  it('applies the held-back rows on show() and again when no longer held', () => {
    render(set(['a', 'b']), true);
    render(set(['b', 'a']), true);
    act(() => rows.show());
    expect(order()).toEqual(['b', 'a']);
    expect(rows.heldBack).toBe(0);
    render(set(['a', 'b']), true);
    expect(order()).toEqual(['b', 'a']);
    render(set(['a', 'b']), false);
    expect(order()).toEqual(['a', 'b']);
  });

  it('shows a new query (a new sort) at once, even while held, and keeps the old rows while it loads', () => {
    render(set(['a', 'b']), true);
    render(null, true, 'q2');
    expect(order()).toEqual(['a', 'b']);
    render(set(['b', 'a']), true, 'q2');
    expect(order()).toEqual(['b', 'a']);
    expect(rows.heldBack).toBe(0);
  });

  it('fills an empty list at once, even while held (the map moved to the matches)', () => {
    render(set([]), true);
    render(set(['a', 'b']), true);
    expect(order()).toEqual(['a', 'b']);
    expect(rows.heldBack).toBe(0);
    render(set(['b', 'a', 'c']), true);
    expect(order()).toEqual(['a', 'b']);
  });
});

describe('revealRow', () => {
  const body = (scrollTop: number) => {
    const el = document.createElement('div');
    Object.defineProperty(el, 'clientHeight', { value: 280 });
    el.scrollTop = scrollTop;
    return el;
  };

  it('leaves a visible row where it is', () => {
    const el = body(280);
    revealRow(el, 12, 28);
    expect(el.scrollTop).toBe(280);
  });

  it('centres a row above or below the view', () => {
    const below = body(0);
    revealRow(below, 50, 28);
    expect(below.scrollTop).toBe(50 * 28 - 126);
    const above = body(2000);
    revealRow(above, 0, 28);
    expect(above.scrollTop).toBe(0);
  });
});
