/**
 * The object list: a virtualized table (fixed row height, only visible rows in the DOM) over
 * server-side pages, with sortable columns, the match count and keyboard navigation.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ObjectSort, OsmObject } from '../../../../electron/contract/domain.js';
import { formatAge, formatCount, formatTime } from '../../app/format.js';
import { useMoment } from '../../app/use-moment.js';
import { useShell, useShellActions } from '../../app/shell-context.js';
import { useNow } from '../../app/use-now.js';
import { useSources } from '../../app/use-sources.js';
import { toObjectFilter } from '../../state/filter-state.js';
import { mainTagText, objectName } from '../../map/layers/osm-style/main-tag.js';
import { ExportButton } from './export-button.js';
import { usePagedObjects } from './use-paged-objects.js';

export const ROW_HEIGHT = 28;

interface Column {
  label: string;
  sort: ObjectSort['field'] | null;
  width: string;
  cell(o: OsmObject, sourceName: (id: string) => string, now: number): string;
}

const tag = (o: OsmObject, k: string) => (o.tags[k] === undefined ? '' : String(o.tags[k]));
const COLUMNS: Column[] = [
  { label: 'Name', sort: 'name', width: '1.7fr', cell: (o) => objectName(o.tags) },
  // Tracked objects show their kind; OSM elements their main tag (amenity=cafe), so no row is blank.
  { label: 'Kind / tag', sort: 'kind', width: '1.1fr', cell: (o) => tag(o, 'kind') || mainTagText(o.tags) },
  { label: 'Type', sort: 'type', width: '0.75fr', cell: (o) => o.type },
  { label: 'Source', sort: 'source_id', width: '1.2fr', cell: (o, name) => name(o.source_id) },
  {
    label: 'Speed',
    sort: 'speed',
    width: '0.75fr',
    cell: (o) => (typeof o.tags.speed === 'number' ? o.tags.speed.toFixed(1) : tag(o, 'speed')),
  },
  {
    label: 'Updated',
    sort: 'observed_at',
    width: '0.95fr',
    cell: (o, _name, now) => `${formatAge(Date.parse(o.observed_at), now)} ago`,
  },
  { label: 'OSM id', sort: 'osm_id', width: '1.2fr', cell: (o) => o.osm_id },
];
const GRID = COLUMNS.map((c) => c.width).join(' ');

/** The Objects tab: the applied filter's objects, selection shared with the map. */
export function ObjectList() {
  const filterState = useShell((s) => s.filter);
  const filter = useMemo(() => toObjectFilter(filterState), [filterState]);
  const selectedId = useShell((s) => s.selectedId);
  const refreshKey = useShell((s) => s.listTick);
  const { sources } = useSources();
  const { select, open } = useShellActions();
  const [sort, setSort] = useState<ObjectSort>({ field: 'observed_at', dir: 'desc' });
  const moment = useMoment();
  const paged = usePagedObjects(filter, sort, refreshKey, moment);
  const clock = useNow(1000);
  // Ages are told from the moment shown: now while live, the replayed moment otherwise.
  const now = moment ?? clock;
  const body = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);
  const [cursor, setCursor] = useState(-1);
  const names = useMemo(() => new Map(sources.map((s) => [s.id, s.name])), [sources]);
  const sourceName = (id: string) => names.get(id) ?? id.slice(0, 8);

  useEffect(() => {
    const el = body.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight || 400));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - 5);
  const last = Math.min(paged.total - 1, Math.ceil((scrollTop + height) / ROW_HEIGHT) + 5);
  useEffect(() => paged.setRange(first, Math.max(first, last)));

  function moveTo(index: number): void {
    const i = Math.max(0, Math.min(paged.total - 1, index));
    setCursor(i);
    const el = body.current;
    if (el) {
      if (i * ROW_HEIGHT < el.scrollTop) el.scrollTop = i * ROW_HEIGHT;
      else if ((i + 1) * ROW_HEIGHT > el.scrollTop + el.clientHeight)
        el.scrollTop = (i + 1) * ROW_HEIGHT - el.clientHeight;
    }
    const row = paged.rowAt(i);
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
      End: () => moveTo(paged.total - 1),
      Enter: () => {
        const row = paged.rowAt(cursor);
        if (row) open(row.id);
      },
    };
    const action = keys[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  }

  const rows = [];
  for (let i = first; i <= last; i++) {
    const o = paged.rowAt(i);
    const selected = o !== undefined && o.id === selectedId;
    rows.push(
      <div
        key={i}
        role="row"
        aria-selected={selected}
        className={`list-row${selected ? ' selected' : ''}${i === cursor ? ' cursor' : ''}`}
        style={{ top: i * ROW_HEIGHT, height: ROW_HEIGHT, gridTemplateColumns: GRID }}
        data-testid={o ? 'object-row' : 'object-row-loading'}
        data-id={o?.id}
        onClick={() => {
          setCursor(i);
          if (o) select(o.id, { pan: true });
        }}
        onDoubleClick={() => o && open(o.id)}
      >
        {COLUMNS.map((c) => (
          <div role="cell" key={c.label} className="list-cell" title={o ? c.cell(o, sourceName, now) : ''}>
            {o ? c.cell(o, sourceName, now) : '…'}
          </div>
        ))}
      </div>,
    );
  }

  return (
    <div className="object-list" role="table" aria-label="Objects">
      <div className="list-summary">
        <span data-testid="list-count">
          {formatCount(paged.total)} objects{moment !== null && ` at ${formatTime(new Date(moment).toISOString())}`}
        </span>
        {paged.error && <span className="error-text">{paged.error}</span>}
        <span className="hint">↑↓ move · Enter open</span>
        <ExportButton filter={filter} />
      </div>
      <div className="list-head" role="row" style={{ gridTemplateColumns: GRID }}>
        {COLUMNS.map((c) => (
          <button
            type="button"
            role="columnheader"
            key={c.label}
            className="list-head-cell"
            aria-sort={sort.field === c.sort ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
            onClick={() =>
              c.sort &&
              setSort((s) => ({ field: c.sort!, dir: s.field === c.sort && s.dir === 'desc' ? 'asc' : 'desc' }))
            }
          >
            {c.label}
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
        <div style={{ height: paged.total * ROW_HEIGHT, position: 'relative' }}>{rows}</div>
        {paged.total === 0 && <div className="empty">No objects match the filter.</div>}
      </div>
    </div>
  );
}
