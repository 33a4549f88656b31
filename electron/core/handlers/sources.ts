/**
 * Handlers of the `sources.*` slice: CRUD over the store, push tokens (returned once, stored as a
 * hash), connection info validated per type, and the connector runtime kept in step after each change.
 */
import type { DataSource, SourceStatus } from '../../contract/domain.js';
import type { MethodParams, MethodResult } from '../../contract/methods.js';
import type { sourcesMethods } from '../../contract/methods/sources.js';
import type { Store } from '../../../db/store.js';
import { generateSourceToken, hashToken } from '../auth.js';
import { validateConnectionInfo } from '../connectors/connection-info.js';
import type { ConnectorRuntime } from '../connectors/types.js';
import type { CallContext } from '../dispatch/dispatcher.js';
import type { Ingest } from '../ingest/types.js';
import type { SourceSecrets } from '../secrets/source-secrets.js';

type SourcesMethod = keyof typeof sourcesMethods;
export type SourcesHandlers = {
  [M in SourcesMethod]: (params: MethodParams<M>, ctx: CallContext) => Promise<MethodResult<M>>;
};

export interface SourcesHandlersDeps {
  store: Pick<
    Store,
    'listSources' | 'getSource' | 'createSource' | 'updateSource' | 'deleteSource' | 'iterateObjectRows'
  >;
  connectors: Pick<ConnectorRuntime, 'sync' | 'status'>;
  ingest: Pick<Ingest, 'counters' | 'submit'>;
  log: { warn(msg: string, fields?: Record<string, unknown>): void };
  /** Seals credentials before they reach the store and masks them in every answer (docs/security.md). */
  secrets: Pick<SourceSecrets, 'seal' | 'mask'>;
}

const DELETE_PAGE = 1000;

/**
 * Deletes a source's objects through the ingest path (live subscribers and counters see the deletes),
 * paging by row id so no page re-reads or counts the rest, then the source row, whose cascade removes
 * whatever arrived meanwhile. Resolves with the objects deleted.
 */
export async function deleteSourceWithObjects(
  store: Pick<Store, 'iterateObjectRows' | 'deleteSource'>,
  ingest: Pick<Ingest, 'submit'>,
  id: string,
  channel: 'api' | 'import',
): Promise<number> {
  let removed = 0;
  for await (const rows of store.iterateObjectRows({ filter: { source_ids: [id] } }, DELETE_PAGE)) {
    const results = await ingest.submit(
      rows.map((o) => ({ op: 'delete' as const, objectId: o.id })),
      { channel },
    );
    removed += results.filter((r) => r.status === 'deleted').length;
  }
  await store.deleteSource(id);
  return removed;
}

/** Builds the `sources.*` handlers. */
export function createSourcesHandlers(deps: SourcesHandlersDeps): SourcesHandlers {
  const { store, connectors, log, secrets } = deps;
  const { mask } = secrets;

  /** The stored change is done; a connector that fails to follow reports it in its status. */
  async function sync(id: string, source: DataSource | undefined): Promise<void> {
    try {
      await connectors.sync(id, source);
    } catch (error) {
      log.warn('connector did not follow a source change', { source_id: id, error });
    }
  }

  /** The runtime's status of a source, or one from the ingest counters when the runtime does not track it. */
  function statusOf(source: DataSource): SourceStatus {
    return connectors.status(source.id)[0] ?? statusFromCounters(source, deps.ingest);
  }

  /** statusOf for many sources, in their order, asking the runtime once. */
  function statusesOf(sources: DataSource[]): SourceStatus[] {
    const running = new Map(connectors.status().map((s) => [s.source_id, s]));
    return sources.map((s) => running.get(s.id) ?? statusFromCounters(s, deps.ingest));
  }

  async function setActive(id: string, isActive: boolean): Promise<DataSource> {
    await store.getSource(id);
    const source = await store.updateSource(id, { isActive });
    await sync(id, source);
    return mask(source);
  }

  return {
    async 'sources.list'() {
      const sources = await store.listSources();
      const statuses = statusesOf(sources);
      return { items: sources.map((s, i) => ({ ...mask(s), status: statuses[i]! })) };
    },

    async 'sources.get'(params) {
      const source = await store.getSource(params.id);
      return { ...mask(source), status: statusOf(source) };
    },

    async 'sources.create'(params) {
      const connectionInfo = secrets.seal(validateConnectionInfo(params.type, params.connection_info));
      const token = generateSourceToken();
      const source = await store.createSource({
        name: params.name,
        description: params.description,
        type: params.type,
        connectionInfo,
        isActive: params.is_active,
        tokenHash: hashToken(token),
      });
      await sync(source.id, source);
      return { ...mask(source), token };
    },

    async 'sources.update'(params) {
      const current = await store.getSource(params.id);
      const source = await store.updateSource(params.id, {
        ...(params.name !== undefined ? { name: params.name } : {}),
        ...(params.description !== undefined ? { description: params.description } : {}),
        ...(params.connection_info !== undefined
          ? {
              connectionInfo: secrets.seal(
                validateConnectionInfo(current.type, params.connection_info),
                current.connection_info,
              ),
            }
          : {}),
        ...(params.is_active !== undefined ? { isActive: params.is_active } : {}),
      });
      await sync(source.id, source);
      return mask(source);
    },

    async 'sources.delete'(params) {
      await store.getSource(params.id);
      // Stop the connector first so nothing writes for a source that is going away.
      await sync(params.id, undefined);
      await deleteSourceWithObjects(store, deps.ingest, params.id, 'api');
      return { id: params.id, deleted: true as const };
    },

    'sources.activate': (params) => setActive(params.id, true),
    'sources.deactivate': (params) => setActive(params.id, false),

    async 'sources.rotateToken'(params) {
      await store.getSource(params.id);
      const token = generateSourceToken();
      const source = await store.updateSource(params.id, { tokenHash: hashToken(token) });
      return { ...mask(source), token };
    },

    async 'sources.status'(params) {
      if (params.id !== undefined) return { items: [statusOf(await store.getSource(params.id))] };
      return { items: statusesOf(await store.listSources()) };
    },
  };
}

/** Status of a source the runtime does not track (e.g. push-only, before its first sync). */
function statusFromCounters(source: DataSource, ingest: Pick<Ingest, 'counters'>): SourceStatus {
  const c = ingest.counters(source.id);
  return {
    source_id: source.id,
    state: source.is_active ? 'idle' : 'stopped',
    last_message_at: c.lastMessageAt === null ? null : new Date(c.lastMessageAt).toISOString(),
    received: c.received,
    stored: c.stored,
    rejected: c.rejected,
    rate_per_s: 0,
    last_error: c.lastError,
  };
}
