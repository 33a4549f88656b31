import { describe, expect, it } from 'vitest';
import type { RpcReply } from '../../contract/bridge.js';
import { handleJsonRpcText, jsonRpcNotification, jsonRpcResponse, readJsonRpcMessage } from './json-rpc.js';

const call = async (method: string, params: unknown): Promise<RpcReply> => {
  if (method === 'echo') return { ok: true, result: params };
  if (method === 'bad')
    return {
      ok: false,
      error: { code: 'INVALID_INPUT', message: "Parameter 'x' is required.", details: { field: 'x' } },
    };
  if (method === 'gone') return { ok: false, error: { code: 'NOT_FOUND', message: "Object 'a' does not exist." } };
  return { ok: false, error: { code: 'METHOD_NOT_FOUND', message: `Method '${method}' does not exist.` } };
};
const run = async (text: string) => {
  const out = await handleJsonRpcText(text, call);
  return out === null ? null : (JSON.parse(out) as unknown);
};

describe('json-rpc', () => {
  it('answers a request with its id and result', async () => {
    expect(await run('{"jsonrpc":"2.0","id":7,"method":"echo","params":{"a":1}}')).toEqual({
      jsonrpc: '2.0',
      id: 7,
      result: { a: 1 },
    });
  });

  it('maps errors to -32602, -32601 and -32000 with data {code, message, details}', async () => {
    expect(await run('{"jsonrpc":"2.0","id":"q","method":"bad"}')).toEqual({
      jsonrpc: '2.0',
      id: 'q',
      error: {
        code: -32602,
        message: "Parameter 'x' is required.",
        data: { code: 'INVALID_INPUT', message: "Parameter 'x' is required.", details: { field: 'x' } },
      },
    });
    expect(await run('{"jsonrpc":"2.0","id":1,"method":"nope"}')).toMatchObject({
      error: { code: -32601, data: { code: 'METHOD_NOT_FOUND' } },
    });
    expect(await run('{"jsonrpc":"2.0","id":1,"method":"gone"}')).toMatchObject({
      error: { code: -32000, data: { code: 'NOT_FOUND' } },
    });
  });

  it('answers -32700 for bad JSON and -32600 for malformed requests', async () => {
    expect(await run('{"jsonrpc":')).toMatchObject({
      id: null,
      error: { code: -32700, data: { code: 'INVALID_INPUT' } },
    });
    for (const bad of [
      '5',
      '{"id":1,"method":"echo"}',
      '{"jsonrpc":"2.0","id":{},"method":"echo"}',
      '{"jsonrpc":"2.0","id":1,"method":3}',
      '{"jsonrpc":"2.0","id":1,"method":"echo","params":5}',
      '[]',
    ]) {
      expect(await run(bad)).toMatchObject({
        jsonrpc: '2.0',
        error: { code: -32600, data: { code: 'INVALID_INPUT' } },
      });
    }
    expect(readJsonRpcMessage({ jsonrpc: '2.0', id: 1, method: 'echo' })).toEqual({
      kind: 'request',
      id: 1,
      method: 'echo',
      params: undefined,
    });
  });

  it('runs notifications without answering and answers batches in order', async () => {
    expect(await run('{"jsonrpc":"2.0","method":"echo"}')).toBeNull();
    expect(
      await run(
        '[{"jsonrpc":"2.0","id":1,"method":"echo","params":[1]},{"jsonrpc":"2.0","method":"echo"},{"jsonrpc":"2.0","id":2,"method":"gone"}]',
      ),
    ).toEqual([
      { jsonrpc: '2.0', id: 1, result: [1] },
      {
        jsonrpc: '2.0',
        id: 2,
        error: {
          code: -32000,
          message: "Object 'a' does not exist.",
          data: { code: 'NOT_FOUND', message: "Object 'a' does not exist." },
        },
      },
    ]);
  });

  it('builds notifications and responses', () => {
    expect(jsonRpcNotification('source.statusChanged', { a: 1 })).toEqual({
      jsonrpc: '2.0',
      method: 'source.statusChanged',
      params: { a: 1 },
    });
    expect(jsonRpcResponse(null, { ok: true, result: 1 })).toEqual({ jsonrpc: '2.0', id: null, result: 1 });
  });
});
