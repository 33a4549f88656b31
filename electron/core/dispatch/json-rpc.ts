/**
 * JSON-RPC 2.0 envelopes for the WS bridge and REST: parse a request, build results and errors
 * (−32700/−32600/−32601/−32602/−32000, `data` always `{code, message, details}`), and notifications.
 */
import type { AppErrorShape } from '../../contract/errors.js';
import type { RpcReply } from '../../contract/bridge.js';

export type JsonRpcId = string | number | null;

export const JSON_RPC_CODES = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  appError: -32000,
} as const;

export interface JsonRpcErrorResponse {
  jsonrpc: '2.0';
  id: JsonRpcId;
  error: { code: number; message: string; data: AppErrorShape };
}
export interface JsonRpcResultResponse {
  jsonrpc: '2.0';
  id: JsonRpcId;
  result: unknown;
}
export type JsonRpcResponse = JsonRpcResultResponse | JsonRpcErrorResponse;

/** What one parsed message is: a call expecting an answer, a notification, or already an error answer. */
export type ParsedJsonRpc =
  | { kind: 'request'; id: JsonRpcId; method: string; params: unknown }
  | { kind: 'notification'; method: string; params: unknown }
  | { kind: 'invalid'; response: JsonRpcErrorResponse };

/** The JSON-RPC code for an app error code (INVALID_INPUT → −32602, METHOD_NOT_FOUND → −32601, else −32000). */
export function jsonRpcCodeFor(code: AppErrorShape['code']): number {
  if (code === 'METHOD_NOT_FOUND') return JSON_RPC_CODES.methodNotFound;
  if (code === 'INVALID_INPUT') return JSON_RPC_CODES.invalidParams;
  return JSON_RPC_CODES.appError;
}

/** An error answer; `rpcCode` defaults to the one for `error.code`. */
export function jsonRpcError(
  id: JsonRpcId,
  error: AppErrorShape,
  rpcCode = jsonRpcCodeFor(error.code),
): JsonRpcErrorResponse {
  const data: AppErrorShape = error.details === undefined ? { code: error.code, message: error.message } : { ...error };
  return { jsonrpc: '2.0', id, error: { code: rpcCode, message: error.message, data } };
}

/** A dispatcher reply as a JSON-RPC answer. */
export function jsonRpcResponse(id: JsonRpcId, reply: RpcReply): JsonRpcResponse {
  return reply.ok ? { jsonrpc: '2.0', id, result: reply.result } : jsonRpcError(id, reply.error);
}

/** A push event as a notification: the event name is the method. */
export function jsonRpcNotification(
  event: string,
  payload: unknown,
): { jsonrpc: '2.0'; method: string; params: unknown } {
  return { jsonrpc: '2.0', method: event, params: payload };
}

/** Reads one already-parsed JSON value as a request or notification. */
export function readJsonRpcMessage(message: unknown): ParsedJsonRpc {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return invalidRequest(null, 'A JSON-RPC request must be an object.');
  }
  const m = message as Record<string, unknown>;
  const hasId = Object.prototype.hasOwnProperty.call(m, 'id');
  const idOk = !hasId || isId(m.id);
  const id = hasId && isId(m.id) ? m.id : null;
  if (m.jsonrpc !== '2.0' || typeof m.method !== 'string' || !idOk) {
    return invalidRequest(
      id,
      "A JSON-RPC request needs jsonrpc '2.0', a string 'method' and an optional string or number 'id'.",
    );
  }
  if (m.params !== undefined && (typeof m.params !== 'object' || m.params === null)) {
    return invalidRequest(id, "Field 'params' of a JSON-RPC request must be an object or an array.");
  }
  return hasId
    ? { kind: 'request', id, method: m.method, params: m.params }
    : { kind: 'notification', method: m.method, params: m.params };
}

/**
 * Handles one text frame: a request, a notification or a batch. Resolves with the answer text, or
 * null when nothing is to be answered (only notifications).
 */
export async function handleJsonRpcText(
  text: string,
  call: (method: string, params: unknown) => Promise<RpcReply>,
): Promise<string | null> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = (error as Error).message.replace(/\.$/, '');
    return JSON.stringify(
      jsonRpcError(
        null,
        { code: 'INVALID_INPUT', message: `The request is not valid JSON: ${reason}.` },
        JSON_RPC_CODES.parseError,
      ),
    );
  }
  if (!Array.isArray(parsed)) {
    const answer = await answerOne(parsed, call);
    return answer === null ? null : JSON.stringify(answer);
  }
  if (parsed.length === 0) return JSON.stringify(invalidRequest(null, 'A JSON-RPC batch must not be empty.').response);
  const answers = (await Promise.all(parsed.map((m) => answerOne(m, call)))).filter((a) => a !== null);
  return answers.length === 0 ? null : JSON.stringify(answers);
}

async function answerOne(
  message: unknown,
  call: (method: string, params: unknown) => Promise<RpcReply>,
): Promise<JsonRpcResponse | null> {
  const parsed = readJsonRpcMessage(message);
  if (parsed.kind === 'invalid') return parsed.response;
  const reply = await call(parsed.method, parsed.params);
  return parsed.kind === 'request' ? jsonRpcResponse(parsed.id, reply) : null;
}

function invalidRequest(id: JsonRpcId, message: string): { kind: 'invalid'; response: JsonRpcErrorResponse } {
  return {
    kind: 'invalid',
    response: jsonRpcError(id, { code: 'INVALID_INPUT', message }, JSON_RPC_CODES.invalidRequest),
  };
}

function isId(value: unknown): value is JsonRpcId {
  return value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}
