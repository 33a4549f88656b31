/**
 * The object list: a virtualized table (fixed row height, only visible rows in the DOM) over
 * server-side pages, sorted by any column, limited to the map's view by default, with the match
 * count and keyboard navigation. Its order holds still while the pointer is over it or an object is
 * selected ("N new — show" brings the held-back rows), and the selected row is scrolled into view.
 * The Devices mode shows the device table (device-columns.ts) over the same filter.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatCount, formatTime } from '../../app/format.js';
import { useMoment } from '../../app/use-moment.js';
import { useShell, useShellActions } from '../../app/shell-context.js';
import { useNow } from '../../app/use-now.js';
import { useSources } from '../../app/use-sources.js';
import { ExportButton } from './export-button.js';
import { staleClockByKind } from '../../state/staleness.js';
import { ariaSortOf, COLUMNS, GRID, isObjectStale, nextSort } from './list-columns.js';
import { DEVICE_COLUMNS, DEVICE_GRID } from './device-columns.js';
import { useListSettings } from './list-settings.js';
import { useHeldRows, type HeldRows } from './use-held-rows.js';
import { useListFilter } from './use-list-filter.js';
import { OutsideView } from './outside-view.js';
import { usePagedObjects } from './use-paged-objects.js';
import { useRevealSelected } from './use-reveal-selected.js';

export const ROW_HEIGHT = 28;

/** The Objects tab: the applied filter's objects, selection shared with the map. */
export function ObjectList() {
  const { sort, setSort, inView, setInView, mode, setMode } = useListSettings();
  const devices = mode === 'devices';
  const { filter, listFilter } = useListFilter(inView, devices);
  const columns = devices ? DEVICE_COLUMNS : COLUMNS;
  const grid = devices ? DEVICE_GRID : GRID;
  const selectedId = useShell((s) => s.selectedId);
  const units = useShell((s) => s.units);
  const refreshKey = useShell((s) => s.listTick);
  const { sources } = useSources();
  const { select, open } = useShellActions();
  const moment = useMoment();
  const paged = usePagedObjects(listFilter, sort, refreshKey, moment);
  const [isPointerIn, setPointerIn] = useState(false);
  // The view's bbox is left out: a pan is data arriving, held back like the rest while held.
  const queryKey = JSON.stringify([filter, sort, inView, mode, moment === null]);
  const rows = useHeldRows(paged.live, isPointerIn || selectedId !== null, queryKey);
  const clock = useNow(1000);
  // Ages are told from the moment shown: now while live, the replayed moment otherwise.
  const now = moment ?? clock;
  const staleAfter = useShell((s) => s.staleAfter);
  const staleAt = useMemo(() => staleClockByKind(now, staleAfter), [now, staleAfter]);
  const body = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);
  const [cursor, setCursor] = useState(-1);
  const names = useMemo(() => new Map(sources.map((s) => [s.id, s.name])), [sources]);
  const sourceName = (id: string) => names.get(id) ?? id.slice(0, 8);
  useRevealSelected({ selectedId, queryKey, rows, paged, body, rowHeight: ROW_HEIGHT, onFound: setCursor });

  useEffect(() => {
    const el = body.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight || 400));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - 5);
  const last = Math.min(rows.total - 1, Math.ceil((scrollTop + height) / ROW_HEIGHT) + 5);
  useEffect(() => paged.setRange(first, Math.max(first, last)));

  function moveTo(index: number): void {
    const i = Math.max(0, Math.min(rows.total - 1, index));
    setCursor(i);
    const el = body.current;
    if (el) {
      if (i * ROW_HEIGHT < el.scrollTop) el.scrollTop = i * ROW_HEIGHT;
      else if ((i + 1) * ROW_HEIGHT > el.scrollTop + el.clientHeight)
        el.scrollTop = (i + 1) * ROW_HEIGHT - el.clientHeight;
    }
    const row = rows.rowAt(i);
    if (row) select(row.id);
  }

  function onKeyDown(e: React.KeyboardEvent): void {
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(cursor + 1),
      ArrowUp: () => moveTo(cursor - 1),
      PageDown: () => moveTo(cursor + page),
      PageUp: () => moveTo(cursor - page),
      Home: () => moveTo(0),
      End: () => moveTo(rows.total - 1),
      Enter: () => {
        const row = rows.rowAt(cursor);
        if (row) open(row.id);
      },
    };
    const action = keys[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  }

  const shown = [];
  for (let i = first; i <= last; i++) {
    const o = rows.rowAt(i);
    const selected = o !== undefined && o.id === selectedId;
    const stale = o !== undefined && isObjectStale(o, staleAt);
    shown.push(
      <div
        key={i}
        role="row"
        aria-selected={selected}
        className={`list-row${selected ? ' selected' : ''}${i === cursor ? ' cursor' : ''}${stale ? ' stale' : ''}`}
        data-stale={stale || undefined}
        style={{ top: i * ROW_HEIGHT, height: ROW_HEIGHT, gridTemplateColumns: grid }}
        data-testid={o ? 'object-row' : 'object-row-loading'}
        data-id={o?.id}
        onClick={() => {
          setCursor(i);
          if (o) select(o.id, { pan: true });
        }}
        onDoubleClick={() => o && open(o.id)}
      >
        {columns.map((c) => (
          <div
            role="cell"
            key={c.label}
            className="list-cell"
            title={o ? c.cell(o, sourceName, now, stale, units) : ''}
          >
            {o ? c.cell(o, sourceName, now, stale, units) : '…'}
          </div>
        ))}
      </div>,
    );
  }

  return (
    <div
      className="object-list"
      role="table"
      aria-label="Objects"
      onPointerEnter={() => setPointerIn(true)}
      onPointerLeave={() => setPointerIn(false)}
    >
      <div className="list-summary">
        <div className="list-summary-line">
          <span className="segmented" role="group" aria-label="List">
            {(['objects', 'devices'] as const).map((m) => (
              <button
                type="button"
                key={m}
                aria-pressed={mode === m}
                data-testid={`list-mode-${m}`}
                title={m === 'devices' ? 'Objects that report a kind, online or offline' : 'Every object'}
                onClick={() => setMode(m)}
              >
                {m === 'devices' ? 'Devices' : 'Objects'}
              </button>
            ))}
          </span>
          <span data-testid="list-count">
            {formatCount(rows.total)} {devices ? 'device' : 'object'}
            {rows.total === 1 ? '' : 's'}
            {moment !== null && ` at ${formatTime(new Date(moment).toISOString())}`}
          </span>
          <HeldBackButton rows={rows} />
          {paged.error && <span className="error-text">{paged.error}</span>}
          <span className="hint">↑↓ move · Enter open</span>
        </div>
        <div className="list-summary-line">
          <label className="in-view" title="List only the objects inside the map's current view">
            <input
              type="checkbox"
              data-testid="list-in-view"
              checked={inView}
              onChange={(e) => setInView(e.target.checked)}
            />
            Only objects in view
          </label>
          <ExportButton filter={filter} />
        </div>
      </div>
      <div className="list-head" role="row" style={{ gridTemplateColumns: grid }}>
        {columns.map((c) => (
          <button
            type="button"
            role="columnheader"
            key={c.label}
            className="list-head-cell"
            aria-sort={ariaSortOf(sort, c)}
            title={`Sort by ${c.label}${c.unit ? ` (${c.unit(units)})` : ''}`}
            onClick={() => setSort(nextSort(sort, c))}
          >
            {c.label}
            {c.unit && <span className="list-head-unit"> {c.unit(units)}</span>}
            {sort.field === c.sort ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
          </button>
        ))}
      </div>
      <div
        ref={body}
        className="list-body"
        tabIndex={0}
        data-testid="object-list-body"
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        onKeyDown={onKeyDown}
      >
        <div style={{ height: rows.total * ROW_HEIGHT, position: 'relative' }}>{shown}</div>
        {rows.total === 0 &&
          (inView ? (
            <OutsideView filter={filter} refreshKey={refreshKey} onListAll={() => setInView(false)} />
          ) : (
            <div className="empty">No objects match the filter.</div>
          ))}
      </div>
    </div>
  );
}

/** "N new — show": the rows held back while the list holds still; a click shows them. */
function HeldBackButton({ rows }: { rows: HeldRows }) {
  if (rows.heldBack === 0) return null;
  return (
    <button
      type="button"
      className="held-back"
      data-testid="list-held-back"
      title="Rows that arrived or moved while the list held still"
      onClick={rows.show}
    >
      {formatCount(rows.heldBack)} new — show
    </button>
  );
}
