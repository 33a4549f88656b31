// A rules worker entry for worker-restart.test.ts: the real worker, except that it dies (an uncaught
// error) when asked to evaluate an object tagged crash=yes, before answering. Its message listener
// is wrapped as the real worker adds it, so no message reaches the port before the worker listens.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

// The changes come as columns (change-columns.ts): a tag is a key index and a value at the same place.
const crashes = (m) =>
  m.type === 'evaluate' &&
  m.changes.tagValues.some((v, i) => v === 'yes' && m.changes.strings[m.changes.tagKeys[i]] === 'crash');
const on = parentPort.on.bind(parentPort);
parentPort.on = (event, listener) =>
  on(event, (m) => {
    if (crashes(m)) throw new Error('The crash test stops the rules worker.');
    listener(m);
  });
register();
await import('../../electron/core/rules/rules-worker.ts');
