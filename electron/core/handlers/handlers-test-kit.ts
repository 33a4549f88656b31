/**
 * For the handler tests: a real SQLite store in a temp folder, the real ingest pipeline and
 * connector runtime, the handlers and the dispatcher over them (results checked against the contract).
 */
import { quietLogger } from '../../../test/fakes/quiet-logger.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore } from '../../../db/open-store.js';
import type { Store } from '../../../db/store.js';
import { createConnectorRuntime } from '../connectors/connector-runtime.js';
import type { ConnectorRuntime } from '../connectors/types.js';
import { createDispatcher, type CallContext, type Dispatcher } from '../dispatch/dispatcher.js';
import { createIngest, type IngestPipeline } from '../ingest/ingest.js';
import { createAppHandlers } from './app.js';
import { mergeHandlers } from './index.js';
import { createObjectsHandlers } from './objects.js';
import { createSourcesHandlers } from './sources.js';
import { randomBytes } from 'node:crypto';
import { createSecretBox } from '../secrets/secret-box.js';
import { createSourceSecrets } from '../secrets/source-secrets.js';
import { DEFAULT_STALE_AFTER_S } from '../../contract/staleness.js';
import { createStaleSettings } from '../stale-settings.js';

export interface HandlerKit {
  dir: string;
  store: Store;
  ingest: IngestPipeline;
  connectors: ConnectorRuntime;
  dispatcher: Dispatcher;
  /** Calls a method as the app; throws with the error message when it fails. */
  call(method: string, params?: unknown): Promise<unknown>;
  /** Calls a method as the app and returns the error (fails when the call succeeds). */
  fail(method: string, params?: unknown): Promise<{ code: string; message: string }>;
  dispose(): Promise<void>;
}

const quiet = quietLogger;
export const appContext: CallContext = { clientId: 'test', principal: { kind: 'app' }, push() {}, onClose() {} };

/** Builds the kit; `now` fixes the clock of the handlers. */
export async function openHandlerKit(now: () => number = Date.now): Promise<HandlerKit> {
  const dir = mkdtempSync(path.join(tmpdir(), 'handlers-'));
  const store = await openStore(undefined, { dataDir: dir, log: quiet, backup: { intervalS: 0, onClose: false } });
  const ingest = createIngest({ store, log: quiet, flushMs: 1 });
  const secrets = createSourceSecrets(createSecretBox(randomBytes(32)));
  const connectors = createConnectorRuntime({ store, ingest, log: quiet, reveal: secrets.reveal });
  const handlers = mergeHandlers(
    createObjectsHandlers({ store, ingest, staleAfter: () => DEFAULT_STALE_AFTER_S, now }),
    createSourcesHandlers({ store, connectors, ingest, log: quiet, secrets }),
    createAppHandlers({
      store,
      ingest,
      stale: createStaleSettings({ initial: DEFAULT_STALE_AFTER_S }),
      info: { name: 'OSM Object Tracker', version: '0.1.0', dataDir: dir, mode: 'test' },
    }),
  );
  const dispatcher = createDispatcher({ handlers, log: quiet, validateResults: true });
  const call = async (method: string, params: unknown = {}) => {
    const reply = await dispatcher.dispatch(method, params, appContext);
    if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
    return reply.result;
  };
  const fail = async (method: string, params: unknown = {}) => {
    const reply = await dispatcher.dispatch(method, params, appContext);
    if (reply.ok) throw new Error(`${method} succeeded but was expected to fail`);
    return reply.error;
  };
  return {
    dir,
    store,
    ingest,
    connectors,
    dispatcher,
    call,
    fail,
    async dispose() {
      await connectors.stop();
      await ingest.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
