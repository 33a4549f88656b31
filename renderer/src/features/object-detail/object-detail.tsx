/**
 * The object detail panel: tags (editable while live), geometry summary, source, times, delete,
 * follow, "Use as geofence" for an area; its track of the last day on the map with a speed/altitude
 * profile, and its tag changes. While replaying it shows the object as it was at the moment.
 */
import { useEffect, useState } from 'react';
import type { OsmObject, TagChange, Track } from '../../../../electron/contract/domain.js';
import type { Units } from '../../app/units.js';
import { errorMessage, useApp } from '../../app/app-context.js';
import { ActionStatusText, useActionStatus } from '../../app/action-status.js';
import { useLiveObjects } from '../../app/live-context.js';
import { useShell, useShellActions, useShellStore } from '../../app/shell-context.js';
import { useMoment } from '../../app/use-moment.js';
import { useNow } from '../../app/use-now.js';
import { useSources } from '../../app/use-sources.js';
import { formatAge, formatTime } from '../../app/format.js';
import { formatAltitude, formatSpeed, tagNumber } from '../../app/units.js';
import { summarizeGeometry } from './geometry-summary.js';
import { mainTagText, objectLabel } from '../../map/layers/osm-style/main-tag.js';
import { RingsToggle } from './rings-toggle.js';
import { TagEditor } from './tag-editor.js';
import { changesetLink, tagChangeSentence, tagChangeText } from './tag-change-text.js';
import { TrackProfile } from './track-profile.js';
import { useObjectAt, useObjectHistory } from './use-object-history.js';
import { WatchUpstreamButton } from './watch-upstream-button.js';

/** The track's profile and the tag changes, newest first. */
function PastSection({
  track,
  changes,
  moment,
  sourceName,
  now,
  units,
}: {
  units: Units;
  track: Track | null;
  changes: TagChange[];
  moment: number | null;
  sourceName: string;
  now: number;
}) {
  return (
    <>
      <h3>Track{track ? ` (${track.times.length} positions${track.truncated ? ', newest shown' : ''})` : ''}</h3>
      {track && <TrackProfile track={track} moment={moment} units={units} />}
      <h3>Tag changes ({changes.length})</h3>
      <ol className="history-list tag-changes" data-testid="tag-changes">
        {changes.map((c, i) => {
          const text = tagChangeText(c, sourceName, now);
          // While replaying, changes after the moment shown are still to come: dimmed.
          const later = moment !== null && Date.parse(c.at) > moment;
          const changeset = changesetLink(c);
          return (
            <li key={`${c.at}-${i}`} title={tagChangeSentence(text)} className={later ? 'later' : undefined}>
              <span>{text.changes.join('; ')}</span>
              <span className="muted">
                {text.when}, {text.by}
                {changeset && (
                  <>
                    {' · '}
                    {/* target=_blank: main hands http(s) links to the OS browser (security.ts), never opens them here. */}
                    <a data-testid="changeset-link" href={changeset.url} target="_blank" rel="noopener noreferrer">
                      {changeset.label}
                    </a>
                  </>
                )}
              </span>
            </li>
          );
        })}
      </ol>
    </>
  );
}

/** The Detail tab for object `id` (the shell keys it by id, so each object starts fresh). */
export function ObjectDetail({ id }: { id: string }) {
  const { client, notify } = useApp();
  const store = useLiveObjects();
  const shell = useShellStore();
  const { sources } = useSources();
  const isFollowing = useShell((s) => s.followId === id);
  const units = useShell((s) => s.units);
  const { select, setFollow: onFollow, objectDeleted } = useShellActions();
  const onPan = () => select(id, { pan: true });
  // What the buttons here did (or why not) shows beside them; only a deletion, whose panel goes
  // away with the object, says so in a notice.
  const action = useActionStatus();
  const onDeleted = () => {
    notify('info', 'Object deleted.');
    objectDeleted();
  };
  const [obj, setObj] = useState<OsmObject | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const clock = useNow(1000);
  const moment = useMoment();
  const now = moment ?? clock;

  // The parent keys this component by id, so a new object starts with fresh state.
  useEffect(() => {
    client
      .call('objects.get', { id })
      .then((o) => {
        setObj(o);
        setError(null);
      })
      .catch((err: unknown) => setError(errorMessage(err)));
    // Live updates of this object arrive through the map's store; show them as they come. While
    // replaying the store holds the moment's objects instead (useObjectAt reads those).
    return store.subscribe(() => {
      const e = shell.getState().replay.live ? store.get(id) : undefined;
      if (e) setObj(e.obj);
    });
  }, [client, id, store, shell]);

  // The track and tag changes are refreshed when the object changed (its observed time moved).
  const past = useObjectHistory(id, moment, obj?.observed_at);
  const then = useObjectAt(obj, moment);

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
  // While replaying, facts and tags are the moment's (the live object until that answer arrives).
  const shown = moment === null ? obj : (then ?? obj);
  const title = objectLabel(shown.tags, shown.osm_id);
  const tag = mainTagText(shown.tags);
  const speed = tagNumber(shown.tags.speed);
  const altitude = tagNumber(shown.tags.altitude);
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
          {(obj.geom.type === 'Polygon' || obj.geom.type === 'MultiPolygon') && (
            <button
              type="button"
              title="Create a geofence from this object's area (Rules tab)"
              onClick={() =>
                void client
                  .call('geofences.create', { name: title, object_id: id })
                  .then((g) => action.report(`Geofence ${g.name} created from this area.`))
                  .catch(action.fail)
              }
            >
              Use as geofence
            </button>
          )}
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
          <RingsToggle id={id} />
          <WatchUpstreamButton obj={obj} action={action} />
          {confirmDelete ? (
            <span className="confirm">
              Delete?{' '}
              <button
                type="button"
                className="danger"
                onClick={() => void client.call('objects.delete', { id }).then(onDeleted).catch(action.fail)}
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
          <ActionStatusText status={action.status} testId="detail-action-status" />
        </div>
      </div>
      {moment !== null && (
        <p className="replay-note" data-testid="detail-moment">
          {then === null
            ? `Not seen yet at ${formatTime(new Date(moment).toISOString())}.`
            : `As it was at ${formatTime(new Date(moment).toISOString())}.`}
        </p>
      )}
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
        <dd data-testid="geometry-summary">{summarizeGeometry(shown.geom, units.coords)}</dd>
        {speed !== null && (
          <>
            <dt title="The speed tag, stored in m/s">Speed</dt>
            <dd data-testid="detail-speed">{formatSpeed(speed, units.speed)}</dd>
          </>
        )}
        {altitude !== null && (
          <>
            <dt title="The altitude tag, stored in metres">Altitude</dt>
            <dd data-testid="detail-altitude">{formatAltitude(altitude, units.altitude)}</dd>
          </>
        )}
        <dt>Observed</dt>
        <dd>
          {formatTime(shown.observed_at)} ({formatAge(Date.parse(shown.observed_at), now)} ago)
        </dd>
        <dt>Created</dt>
        <dd>{formatTime(obj.created_at)}</dd>
        <dt>Updated</dt>
        <dd>{formatTime(obj.updated_at)}</dd>
      </dl>
      <h3>Tags</h3>
      {moment === null ? (
        <TagEditor
          tags={obj.tags}
          overrides={obj.overrides}
          onChange={async (patch) => {
            setObj(await client.call('objects.update', { id, tags: patch, tags_mode: 'merge' }));
          }}
          onClear={async (key) => {
            setObj(await client.call('objects.update', { id, clear_overrides: [key] }));
          }}
        />
      ) : (
        <table className="tag-table" data-testid="tags-at-moment">
          <tbody>
            {Object.entries(shown.tags).map(([k, v]) => (
              <tr key={k}>
                <th scope="row">{k}</th>
                <td>{String(v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {past.error && <p className="error-text">{past.error}</p>}
      <PastSection
        track={past.track}
        changes={past.changes}
        moment={moment}
        sourceName={source?.name ?? obj.source_id}
        now={clock}
        units={units}
      />
    </div>
  );
}
