/**
 * Handlers of the `objects.*` slice: reads go to the store, writes (update, delete) go through the
 * one ingest path so history, live events and counters see them like any other update.
 */
import type { MethodParams, MethodResult } from '../../contract/methods.js';
import type { objectsMethods } from '../../contract/methods/objects.js';
import { AppError, NotFoundError } from '../../contract/errors.js';
import type { Store } from '../../../db/store.js';
import type { CallContext } from '../dispatch/dispatcher.js';
import { parseGeometry } from '../geometry.js';
import type { Ingest, IngestOpResult } from '../ingest/types.js';
import { normalizeTagPatch } from '../tags.js';
import type { StaleThresholds } from '../../contract/staleness.js';

type ObjectsMethod = keyof typeof objectsMethods;
export type ObjectsHandlers = {
  [M in ObjectsMethod]: (params: MethodParams<M>, ctx: CallContext) => Promise<MethodResult<M>>;
};

export interface ObjectsHandlersDeps {
  store: Pick<
    Store,
    | 'getObject'
    | 'findObject'
    | 'listObjects'
    | 'objectExtent'
    | 'history'
    | 'track'
    | 'trails'
    | 'timeRange'
    | 'tagChanges'
    | 'tagSuggestions'
  >;
  ingest: Pick<Ingest, 'submit'>;
  /** Each kind's stale threshold now (the app's setting, core/stale-settings.ts). */
  staleAfter: () => StaleThresholds;
  now?: () => number;
}

/** Builds the `objects.*` handlers. */
export function createObjectsHandlers(deps: ObjectsHandlersDeps): ObjectsHandlers {
  const now = deps.now ?? Date.now;
  const { store, ingest } = deps;

  return {
    async 'objects.list'(params) {
      const { items, total } = await store.listObjects({
        filter: params.filter,
        ...(params.sort ? { sort: params.sort } : {}),
        limit: params.limit,
        offset: params.offset,
        // At a past moment, staleness counts from that moment.
        context: { now: params.at ? Date.parse(params.at) : now(), staleAfter: deps.staleAfter() },
        ...(params.at ? { at: Date.parse(params.at) } : {}),
      });
      return { items, total, limit: params.limit, offset: params.offset };
    },

    async 'objects.extent'(params) {
      return store.objectExtent(params.filter, { now: now(), staleAfter: deps.staleAfter() });
    },

    async 'objects.get'(params) {
      if (!params.at) return store.getObject(params.id);
      const then = await store.findObject(params.id, Date.parse(params.at));
      if (then) return then;
      await store.getObject(params.id); // NOT_FOUND for an unknown id
      throw new AppError('NOT_FOUND', `Object '${params.id}' was not seen yet at ${params.at}.`, {
        details: { id: params.id },
      });
    },

    async 'objects.update'(params) {
      const clear = params.clear_overrides ?? [];
      if (params.tags === undefined && params.geom === undefined && clear.length === 0) {
        throw new AppError(
          'INVALID_INPUT',
          `Update of object '${params.id}' needs 'tags', 'geom' or 'clear_overrides', got none.`,
          { details: { field: 'tags' } },
        );
      }
      const current = await store.getObject(params.id);
      const notEdited = clear.find((key) => !current.overrides || !Object.hasOwn(current.overrides, key));
      if (notEdited !== undefined) {
        throw new AppError(
          'INVALID_INPUT',
          `Tag '${notEdited}' of object '${params.id}' was not edited by hand, so there is nothing to clear.`,
          { details: { field: 'clear_overrides' } },
        );
      }
      const tags = params.tags === undefined ? undefined : normalizeTagPatch(params.tags, 'tags');
      if (tags && params.tags_mode === 'replace') {
        const nullKey = Object.keys(tags).find((k) => tags[k] === null);
        if (nullKey !== undefined) {
          throw new AppError(
            'INVALID_INPUT',
            `Tag 'tags.${nullKey}' may be null only with tags_mode 'merge', got null.`,
            { details: { field: `tags.${nullKey}` } },
          );
        }
      }
      const geom = params.geom === undefined ? undefined : parseGeometry(params.geom, current.type, 'geom');
      const [result] = await ingest.submit(
        [
          {
            op: 'patch',
            objectId: params.id,
            tagsMode: params.tags_mode,
            observedAt: now(),
            ...(tags ? { tags } : {}),
            ...(geom ? { geom } : {}),
            ...(clear.length > 0 ? { clearOverrides: clear } : {}),
          },
        ],
        { channel: 'api' },
      );
      const done = expectResult(result, params.id);
      if (done.op === 'delete') throw new AppError('INTERNAL', `Update of object '${params.id}' got a delete result.`);
      return done.object;
    },

    async 'objects.delete'(params) {
      const [result] = await ingest.submit([{ op: 'delete', objectId: params.id }], { channel: 'api' });
      const done = expectResult(result, params.id);
      if (done.op === 'delete' && done.status === 'missing') throw new NotFoundError('Object', params.id);
      return { id: params.id, deleted: true as const };
    },

    async 'objects.history'(params) {
      await store.getObject(params.id);
      const items = await store.history(params.id, {
        limit: params.limit,
        ...(params.before ? { before: params.before } : {}),
        ...(params.after ? { after: params.after } : {}),
      });
      return { items };
    },

    async 'objects.track'(params) {
      return store.track(params.id, {
        limit: params.limit,
        ...(params.from ? { from: Date.parse(params.from) } : {}),
        ...(params.to ? { to: Date.parse(params.to) } : {}),
      });
    },

    async 'objects.trails'(params) {
      const at = params.at ? Date.parse(params.at) : now();
      const items = await store.trails({
        filter: params.filter,
        // Staleness is judged at the trails' moment, as the map shows it then.
        context: { now: at, staleAfter: deps.staleAfter() },
        at,
        windowMs: params.window_s * 1000,
        limit: params.limit,
        maxPoints: params.max_points,
      });
      return { items };
    },

    async 'objects.timeRange'() {
      const { from, to } = await store.timeRange();
      return {
        from: from === null ? null : new Date(from).toISOString(),
        to: to === null ? null : new Date(to).toISOString(),
      };
    },

    async 'objects.tagChanges'(params) {
      return { items: await store.tagChanges(params.id, params.limit) };
    },

    async 'objects.tagSuggestions'(params) {
      return store.tagSuggestions({
        prefix: params.prefix,
        limit: params.limit,
        ...(params.key === undefined ? {} : { key: params.key }),
      });
    },
  };
}

/** The one result of a one-op batch; a rejection becomes the AppError it names. */
function expectResult(result: IngestOpResult | undefined, id: string): Exclude<IngestOpResult, { status: 'rejected' }> {
  if (!result) throw new AppError('INTERNAL', `Ingest answered nothing for object '${id}'.`);
  if (result.status === 'rejected') {
    if (result.code === 'NOT_FOUND') throw new NotFoundError('Object', id);
    throw new AppError(result.code, result.reason, { details: { id } });
  }
  return result;
}
