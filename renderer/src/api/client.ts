/**
 * The renderer's typed API client. `createClient(transport)` gives `call(method, params)` and
 * `on(event, cb)`; the transport is IPC (inside Electron) or WebSocket (headless), and nothing else
 * in the renderer knows which.
 */
import type { RpcReply } from '../../../electron/contract/bridge.js';
import type { AppErrorShape, ErrorCode } from '../../../electron/contract/errors.js';
import type { EventName, EventPayload } from '../../../electron/contract/events.js';
import type { MethodName, MethodParamsIn, MethodResult } from '../../../electron/contract/methods.js';

export type { RpcReply } from '../../../electron/contract/bridge.js';

/** The two things a transport moves: calls and events. It knows no method names. */
export interface Transport {
  call(method: string, params: unknown): Promise<RpcReply>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** An error answered by main, rebuilt on the client with the same stable code. */
export class RpcError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(shape: AppErrorShape) {
    super(shape.message);
    this.name = 'RpcError';
    this.code = shape.code;
    this.details = shape.details;
  }
}

export interface ApiClient {
  call<M extends MethodName>(method: M, ...params: ParamsArg<M>): Promise<MethodResult<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** Params may be left out when the method accepts none (its schema has a default). */
type ParamsArg<M extends MethodName> =
  undefined extends MethodParamsIn<M> ? [params?: MethodParamsIn<M>] : [params: MethodParamsIn<M>];

/** Wraps a transport in the typed client; failed calls reject with RpcError. */
export function createClient(transport: Transport): ApiClient {
  return {
    async call(method, ...params) {
      const reply = await transport.call(method, params[0] ?? {});
      if (!reply.ok) throw new RpcError(reply.error);
      return reply.result as never;
    },
    on(event, listener) {
      return transport.on(event, listener as (payload: unknown) => void);
    },
  };
}
