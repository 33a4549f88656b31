/**
 * "Watch upstream" for an OpenStreetMap object: which `osm_api` source gets it (the one already
 * watching it, else the first one, else a new one) and its new watch list (docs/connectors.md, "osm_api").
 */
import type { DataSource, OsmObject } from '../../../../electron/contract/domain.js';
import { OSM_API_MAX_WATCH, OSM_ELEMENT_REF } from '../../../../electron/contract/sources/osm-api.js';

/** The name a new watch source gets. */
export const WATCH_SOURCE_NAME = 'OSM API watch';

export type WatchPlan =
  | { kind: 'already'; source: DataSource }
  | { kind: 'add'; source: DataSource; watch: string[] }
  | { kind: 'create'; watch: string[] }
  | { kind: 'full'; source: DataSource };

/** `way/33748706` for an object with OSM identity (a positive integer id), else undefined. */
export function upstreamRef(obj: Pick<OsmObject, 'type' | 'osm_id'>): string | undefined {
  const ref = `${obj.type}/${obj.osm_id}`;
  return OSM_ELEMENT_REF.test(ref) ? ref : undefined;
}

const watchOf = (s: DataSource): string[] =>
  Array.isArray(s.connection_info.watch) ? (s.connection_info.watch as unknown[]).map(String) : [];

/** Where `ref` is watched or goes. */
export function planWatch(sources: DataSource[], ref: string): WatchPlan {
  const apis = sources.filter((s) => s.type === 'osm_api');
  const watching = apis.find((s) => watchOf(s).includes(ref));
  if (watching) return { kind: 'already', source: watching };
  const target = apis[0];
  if (!target) return { kind: 'create', watch: [ref] };
  const watch = watchOf(target);
  if (watch.length >= OSM_API_MAX_WATCH) return { kind: 'full', source: target };
  return { kind: 'add', source: target, watch: [...watch, ref] };
}
