/**
 * The object detail panel: tags (editable), geometry summary, source, times, delete, recent
 * history as a list and as a track on the map, and follow.
 */
import { useEffect, useState } from 'react';
import type { HistoryEntry, OsmObject } from '../../../../electron/contract/domain.js';
import { errorMessage, useApp } from '../../app/app-context.js';
import { useLiveObjects } from '../../app/live-context.js';
import { useShell, useShellActions } from '../../app/shell-context.js';
import { useNow } from '../../app/use-now.js';
import { useSources } from '../../app/use-sources.js';
import { formatAge, formatTime } from '../../app/format.js';
import { geometryAnchor, summarizeGeometry } from '../../state/geo.js';
import { mainTagText, objectLabel } from '../../map/layers/osm-style/main-tag.js';
import { TagEditor } from './tag-editor.js';

/** History entries → [lat, lon] track, oldest first. */
export function historyTrack(items: HistoryEntry[]): [number, number][] {
  const out: [number, number][] = [];
  for (const h of [...items].reverse()) {
    const a = h.geom ? geometryAnchor(h.geom) : null;
    if (a) out.push([a[1], a[0]]);
  }
  return out;
}

/** The Detail tab for object `id` (the shell keys it by id, so each object starts fresh). */
export function ObjectDetail({ id }: { id: string }) {
  const { client, notify } = useApp();
  const store = useLiveObjects();
  const { sources } = useSources();
  const isFollowing = useShell((s) => s.followId === id);
  const { select, setFollow: onFollow, setTrack: onTrack, objectDeleted } = useShellActions();
  const onPan = () => select(id, { pan: true });
  const onDeleted = () => {
    notify('info', 'Object deleted.');
    objectDeleted();
  };
  const [obj, setObj] = useState<OsmObject | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const now = useNow(1000);

  // The parent keys this component by id, so a new object starts with fresh state.
  useEffect(() => {
    client
      .call('objects.get', { id })
      .then((o) => {
        setObj(o);
        setError(null);
      })
      .catch((err: unknown) => setError(errorMessage(err)));
    // Live updates of this object arrive through the map's store; show them as they come.
    return store.subscribe(() => {
      const e = store.get(id);
      if (e) setObj(e.obj);
    });
  }, [client, id, store]);

  const observed = obj?.observed_at;
  useEffect(() => {
    let cancelled = false;
    client
      .call('objects.history', { id, limit: 100 })
      .then((res) => {
        if (cancelled) return;
        setHistory(res.items);
        onTrack(historyTrack(res.items));
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
    // Refresh the history at most when the object changed (observed time moved).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, id, observed]);

  useEffect(() => () => onTrack(null), [id, onTrack]);

  if (error)
    return (
      <div className="panel-body">
        <p className="error-text" role="alert">
          {error}
        </p>
      </div>
    );
  if (!obj)
    return (
      <div className="panel-body">
        <p className="muted">Loading…</p>
      </div>
    );

  const source = sources.find((s) => s.id === obj.source_id);
  const title = objectLabel(obj.tags, obj.osm_id);
  const tag = mainTagText(obj.tags);
  return (
    <div className="panel-body object-detail" data-testid="object-detail" data-id={obj.id}>
      <div className="detail-head">
        <h2 title={tag && tag !== title ? `${title} · ${tag}` : title}>
          {title}
          {tag && tag !== title && (
            <span className="muted" data-testid="detail-main-tag">
              {' · '}
              {tag}
            </span>
          )}
        </h2>
        <div className="detail-actions">
          <button type="button" onClick={onPan} title="Centre the map on this object">
            Show
          </button>
          <button
            type="button"
            className={isFollowing ? 'active' : undefined}
            aria-pressed={isFollowing}
            data-testid="follow-toggle"
            onClick={() => onFollow(!isFollowing)}
            title="Keep the map centred on this object (F)"
          >
            {isFollowing ? 'Following' : 'Follow'}
          </button>
          {confirmDelete ? (
            <span className="confirm">
              Delete?{' '}
              <button
                type="button"
                className="danger"
                onClick={() =>
                  void client
                    .call('objects.delete', { id })
                    .then(onDeleted)
                    .catch((err: unknown) => notify('error', errorMessage(err)))
                }
              >
                Yes, delete
              </button>
              <button type="button" onClick={() => setConfirmDelete(false)}>
                No
              </button>
            </span>
          ) : (
            <button type="button" className="danger" onClick={() => setConfirmDelete(true)}>
              Delete
            </button>
          )}
        </div>
      </div>
      <dl className="facts">
        <dt>Type</dt>
        <dd>
          {obj.type}
          {obj.tainted ? ' (incomplete geometry)' : ''}
        </dd>
        <dt>OSM id</dt>
        <dd>{obj.osm_id}</dd>
        <dt>Source</dt>
        <dd>{source ? `${source.name} (${source.type})` : obj.source_id}</dd>
        <dt>Geometry</dt>
        <dd data-testid="geometry-summary">{summarizeGeometry(obj.geom)}</dd>
        <dt>Observed</dt>
        <dd>
          {formatTime(obj.observed_at)} ({formatAge(Date.parse(obj.observed_at), now)} ago)
        </dd>
        <dt>Created</dt>
        <dd>{formatTime(obj.created_at)}</dd>
        <dt>Updated</dt>
        <dd>{formatTime(obj.updated_at)}</dd>
      </dl>
      <h3>Tags</h3>
      <TagEditor
        tags={obj.tags}
        onChange={async (patch) => {
          setObj(await client.call('objects.update', { id, tags: patch, tags_mode: 'merge' }));
        }}
      />
      <h3>History ({history.length})</h3>
      <ol className="history-list" data-testid="history-list">
        {history.slice(0, 50).map((h) => (
          <li key={h.id}>
            <span>{formatTime(h.observed_at)}</span>
            <span className="muted">{h.geom ? summarizeGeometry(h.geom) : 'tags only'}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
