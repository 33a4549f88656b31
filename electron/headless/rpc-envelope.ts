/**
 * JSON-RPC 2.0 framing for the WebSocket bridge: parses one frame (a request, a notification or a
 * batch), runs each call, and encodes results, errors and event notifications. Protocol faults use
 * −32700/−32600/−32601/−32602; app errors −32000; `data` always carries `{code, message, details}`
 * so clients rebuild exactly the error the IPC transport returns.
 */
import type { RpcReply } from '../core/dispatch/dispatcher.js';

type Id = string | number | null;
type Call = (method: string, params: unknown) => Promise<RpcReply>;

export const JSON_RPC_CODES = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  appError: -32000,
} as const;

/** The JSON-RPC code for an app error code. */
export function rpcCodeFor(code: string): number {
  if (code === 'METHOD_NOT_FOUND') return JSON_RPC_CODES.methodNotFound;
  if (code === 'INVALID_INPUT') return JSON_RPC_CODES.invalidParams;
  return JSON_RPC_CODES.appError;
}

function errorResponse(id: Id, rpcCode: number, error: { code: string; message: string; details?: unknown }) {
  return { jsonrpc: '2.0' as const, id, error: { code: rpcCode, message: error.message, data: error } };
}

function isId(value: unknown): value is Id {
  return value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

async function runOne(message: unknown, call: Call): Promise<object | null> {
  const m = message as { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown } | null;
  if (!m || typeof m !== 'object' || Array.isArray(m)) {
    return errorResponse(null, JSON_RPC_CODES.invalidRequest, { code: 'INVALID_INPUT', message: 'A JSON-RPC request must be an object.' });
  }
  const hasId = 'id' in m;
  const id: Id = hasId && isId(m.id) ? m.id : null;
  if (m.jsonrpc !== '2.0' || typeof m.method !== 'string' || (hasId && !isId(m.id))) {
    return errorResponse(id, JSON_RPC_CODES.invalidRequest, {
      code: 'INVALID_INPUT',
      message: "A JSON-RPC request needs jsonrpc '2.0', a string 'method' and an optional string or number 'id'.",
    });
  }
  const reply = await call(m.method, m.params);
  if (!hasId) return null; // a notification: run it, answer nothing
  if (reply.ok) return { jsonrpc: '2.0', id, result: reply.result };
  return errorResponse(id, rpcCodeFor(reply.error.code), reply.error);
}

/** Handles one text frame (null for a binary frame); resolves with the reply text or null. */
export async function handleRpcFrame(text: string | null, call: Call): Promise<string | null> {
  let parsed: unknown;
  try {
    if (text === null) throw new Error('binary');
    parsed = JSON.parse(text);
  } catch {
    return JSON.stringify(
      errorResponse(null, JSON_RPC_CODES.parseError, { code: 'INVALID_INPUT', message: 'The frame is not a JSON text.' }),
    );
  }
  if (!Array.isArray(parsed)) {
    const reply = await runOne(parsed, call);
    return reply === null ? null : JSON.stringify(reply);
  }
  if (parsed.length === 0) {
    return JSON.stringify(errorResponse(null, JSON_RPC_CODES.invalidRequest, { code: 'INVALID_INPUT', message: 'A JSON-RPC batch must not be empty.' }));
  }
  const replies = (await Promise.all(parsed.map((m) => runOne(m, call)))).filter((r) => r !== null);
  return replies.length === 0 ? null : JSON.stringify(replies);
}

/** A push event as a JSON-RPC notification: the event name is the method. */
export function encodeNotification(event: string, payload: unknown): string {
  return JSON.stringify({ jsonrpc: '2.0', method: event, params: payload });
}
