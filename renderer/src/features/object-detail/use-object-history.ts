/**
 * What the detail panel shows of an object's past: its track (the day up to the moment shown, drawn
 * on the map too), its tag changes, and the object as it was at a replayed moment.
 */
import { useEffect, useState } from 'react';
import type { OsmObject, TagChange, Track } from '../../../../electron/contract/domain.js';
import { errorMessage, useApp } from '../../app/app-context.js';
import { useLiveObjects } from '../../app/live-context.js';
import { useShellActions } from '../../app/shell-context.js';

/** The track covers this long before the moment shown. */
export const TRACK_WINDOW_MS = 86_400_000;

/** Track → [lat, lon] pairs for the map's track line. */
export function trackLatLngs(track: Track): [number, number][] {
  return track.lat.map((lat, i) => [lat, track.lon[i]!]);
}

/**
 * The track of the day before `moment` (now while live) and the tag changes; refetched when the
 * object changes (`version`) or the moment moves to another minute.
 */
export function useObjectHistory(id: string, moment: number | null, version: string | undefined) {
  const { client } = useApp();
  const { setTrack } = useShellActions();
  const [track, setTrackData] = useState<Track | null>(null);
  const [changes, setChanges] = useState<TagChange[]>([]);
  const [error, setError] = useState<string | null>(null);
  const minute = moment === null ? null : Math.floor(moment / 60_000);
  useEffect(() => {
    let cancelled = false;
    const to = minute === null ? Date.now() : (minute + 1) * 60_000;
    Promise.all([
      client.call('objects.track', {
        id,
        from: new Date(to - TRACK_WINDOW_MS).toISOString(),
        to: new Date(to).toISOString(),
      }),
      client.call('objects.tagChanges', { id, limit: 100 }),
    ])
      .then(([t, c]) => {
        if (cancelled) return;
        setTrackData(t);
        setTrack(trackLatLngs(t));
        setChanges(c.items);
        setError(null);
      })
      .catch((err: unknown) => !cancelled && setError(errorMessage(err)));
    return () => {
      cancelled = true;
    };
  }, [client, id, minute, version, setTrack]);
  useEffect(() => () => setTrack(null), [id, setTrack]);
  return { track, changes, error };
}

/**
 * The object as it was at `moment`: the map's copy when it is in view, else asked for with
 * objects.get at that moment. undefined while unknown, null when it did not exist yet.
 */
export function useObjectAt(live: OsmObject | null, moment: number | null): OsmObject | null | undefined {
  const { client } = useApp();
  const store = useLiveObjects();
  const [fetched, setFetched] = useState<{ at: number; obj: OsmObject | null } | null>(null);
  const replaying = moment !== null;
  const id = live?.id;
  const [inStore, setInStore] = useState<OsmObject | undefined>(undefined);
  useEffect(() => {
    // Only while replaying: live, the detail follows the object through its own subscription.
    if (!replaying || !id) return;
    const read = () => setInStore(store.get(id)?.obj);
    read();
    return store.subscribe(read);
  }, [store, replaying, id]);
  const inView = replaying ? inStore : undefined;
  const needFetch = live !== null && moment !== null && !inView;
  useEffect(() => {
    if (!needFetch || !live || moment === null) return;
    let cancelled = false;
    client
      .call('objects.get', { id: live.id, at: new Date(moment).toISOString() })
      .then((obj) => !cancelled && setFetched({ at: moment, obj }))
      .catch((err: unknown) => {
        // NOT_FOUND: the object was not seen yet at that moment; other errors leave it unknown.
        if (!cancelled && (err as { code?: string }).code === 'NOT_FOUND') setFetched({ at: moment, obj: null });
      });
    return () => {
      cancelled = true;
    };
  }, [client, live, moment, needFetch]);
  if (moment === null) return live;
  if (inView) return inView;
  return fetched?.at === moment ? fetched.obj : undefined;
}
