// A rules worker entry for worker-restart.test.ts: the real worker, except that it dies (an uncaught
// error) when asked to evaluate an object tagged crash=yes, before answering. Its message listener
// is wrapped as the real worker adds it, so no message reaches the port before the worker listens.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

// The changes come as columns (change-columns.ts), in parts: tag keys are in each part's `strings`
// (the tests tag nothing else `crash`).
const crashes = (m) => m.type === 'evaluate' && m.parts.some((p) => p.changes.strings.includes('crash'));
const on = parentPort.on.bind(parentPort);
parentPort.on = (event, listener) =>
  on(event, (m) => {
    if (crashes(m)) throw new Error('The crash test stops the rules worker.');
    listener(m);
  });
register();
await import('../../electron/core/rules/rules-worker.ts');
