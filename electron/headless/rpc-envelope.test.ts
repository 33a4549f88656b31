// JSON-RPC 2.0 framing: results, app errors with data, protocol faults, notifications, batches.
import { describe, expect, it } from 'vitest';
import type { RpcReply } from '../core/dispatch/dispatcher.js';
import { encodeNotification, handleRpcFrame } from './rpc-envelope.js';

const calls: [string, unknown][] = [];
const call = async (method: string, params: unknown): Promise<RpcReply> => {
  calls.push([method, params]);
  if (method === 'echo') return { ok: true, result: params };
  if (method === 'missing') return { ok: false, error: { code: 'METHOD_NOT_FOUND', message: "Method 'missing' does not exist." } };
  if (method === 'bad') return { ok: false, error: { code: 'INVALID_INPUT', message: "Field 'id' must be a string.", details: { field: 'id' } } };
  return { ok: false, error: { code: 'NOT_FOUND', message: "Object 'x' does not exist." } };
};
const run = async (text: string | null) => {
  const out = await handleRpcFrame(text, call);
  return out === null ? null : (JSON.parse(out) as unknown);
};

describe('handleRpcFrame', () => {
  it('answers a request with its result', async () => {
    expect(await run('{"jsonrpc":"2.0","id":1,"method":"echo","params":{"a":1}}')).toEqual({ jsonrpc: '2.0', id: 1, result: { a: 1 } });
  });

  it('maps error codes and keeps the app error in data', async () => {
    expect(await run('{"jsonrpc":"2.0","id":"x","method":"missing"}')).toMatchObject({ id: 'x', error: { code: -32601, data: { code: 'METHOD_NOT_FOUND' } } });
    expect(await run('{"jsonrpc":"2.0","id":2,"method":"bad","params":{}}')).toMatchObject({
      error: { code: -32602, message: "Field 'id' must be a string.", data: { code: 'INVALID_INPUT', details: { field: 'id' } } },
    });
    expect(await run('{"jsonrpc":"2.0","id":3,"method":"other"}')).toMatchObject({ error: { code: -32000, data: { code: 'NOT_FOUND' } } });
  });

  it('answers parse errors and invalid requests with id null', async () => {
    expect(await run('{nope')).toMatchObject({ id: null, error: { code: -32700 } });
    expect(await run(null)).toMatchObject({ id: null, error: { code: -32700 } });
    expect(await run('{"id":4,"method":"echo"}')).toMatchObject({ id: 4, error: { code: -32600 } });
    expect(await run('{"jsonrpc":"2.0","id":{},"method":"echo"}')).toMatchObject({ id: null, error: { code: -32600 } });
    expect(await run('[]')).toMatchObject({ id: null, error: { code: -32600 } });
    expect(await run('7')).toMatchObject({ error: { code: -32600 } });
  });

  it('runs notifications without answering', async () => {
    calls.length = 0;
    expect(await run('{"jsonrpc":"2.0","method":"echo","params":[1]}')).toBeNull();
    expect(calls).toEqual([['echo', [1]]]);
  });

  it('answers a batch in order, leaving out notifications', async () => {
    const out = await run('[{"jsonrpc":"2.0","id":1,"method":"echo","params":1},{"jsonrpc":"2.0","method":"echo"},{"jsonrpc":"2.0","id":2,"method":"missing"}]');
    expect(out).toMatchObject([{ id: 1, result: 1 }, { id: 2, error: { code: -32601 } }]);
    expect(await run('[{"jsonrpc":"2.0","method":"echo"}]')).toBeNull();
  });
});

describe('encodeNotification', () => {
  it('sends an event as a notification named after it', () => {
    expect(JSON.parse(encodeNotification('app.notified', { level: 'info' }))).toEqual({ jsonrpc: '2.0', method: 'app.notified', params: { level: 'info' } });
  });
});
