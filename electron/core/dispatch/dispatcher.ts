/**
 * The one dispatcher every transport calls (IPC, headless WS, hub REST): it validates params with
 * the method's zod schema, calls the handler and maps every error to a stable `{code, message}`.
 */
import { z } from 'zod';
import type { RpcReply } from '../../contract/bridge.js';
import { AppError, type AppErrorShape } from '../../contract/errors.js';
import type { EventName } from '../../contract/events.js';
import {
  methods as contractMethods,
  type MethodName,
  type MethodParams,
  type MethodResult,
} from '../../contract/methods.js';
import type { MethodSpec } from '../../contract/define.js';
import type { Logger } from '../../contract/logger.js';
import type { LiveSink } from '../live/live-subscription.js';
import { zodErrorMessage } from './zod-message.js';

export type Principal = { kind: 'app' } | { kind: 'source'; sourceId: string };

/** Who is calling and how to reach them; one per connected client. */
export interface CallContext {
  clientId: string;
  principal: Principal;
  /** Per-client events (live subscriptions). */
  push(event: EventName, payload: unknown): void;
  /** Cleanup when the client disconnects. */
  onClose(cb: () => void): void;
  /** Optional: true while the transport still has earlier pushes buffered. */
  isBusy?(): boolean;
  /** Optional: a transport's own live sink (the hub's subscriber sockets); else live uses `push`. */
  liveSink?: LiveSink;
}

/** One handler per contract method, typed by its schemas. */
export type Handler<M extends MethodName> = (params: MethodParams<M>, ctx: CallContext) => Promise<MethodResult<M>>;
export type Handlers = { [M in MethodName]: Handler<M> };

export interface DispatcherOptions {
  handlers: Partial<Handlers>;
  log: Logger;
  /** The contract (default: every method of electron/contract). */
  methods?: Record<string, MethodSpec>;
  /** Check every result against its schema (tests); a mismatch answers INTERNAL. */
  validateResults?: boolean;
  /** Methods a source principal (a publisher's token) may call; none by default. */
  sourceMethods?: ReadonlySet<string>;
}

export interface Dispatcher {
  /** Never throws: every outcome is a reply value. */
  dispatch(method: string, params: unknown, ctx: CallContext): Promise<RpcReply>;
  /** True when the method exists in the contract and has a handler. */
  has(method: string): boolean;
}

/** Builds the dispatcher over a set of handlers. */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const specs = options.methods ?? (contractMethods as Record<string, MethodSpec>);
  const handlers = options.handlers as Record<
    string,
    ((params: unknown, ctx: CallContext) => Promise<unknown>) | undefined
  >;
  const sourceMethods = options.sourceMethods ?? new Set<string>();
  const { log } = options;

  async function run(method: string, params: unknown, ctx: CallContext): Promise<unknown> {
    const spec = Object.prototype.hasOwnProperty.call(specs, method) ? specs[method] : undefined;
    if (!spec)
      throw new AppError('METHOD_NOT_FOUND', `Method '${String(method).slice(0, 100)}' does not exist.`, {
        details: { method },
      });
    const handler = Object.prototype.hasOwnProperty.call(handlers, method) ? handlers[method] : undefined;
    if (!handler)
      throw new AppError('UNAVAILABLE', `Method '${method}' is not available in this mode.`, { details: { method } });
    if (ctx.principal.kind === 'source' && !sourceMethods.has(method)) {
      throw new AppError(
        'FORBIDDEN',
        `Method '${method}' is not allowed with the push token of source '${ctx.principal.sourceId}'.`,
      );
    }
    const input = params ?? {};
    const reserved = findProtoKey(input);
    if (reserved !== undefined) {
      throw new AppError('INVALID_INPUT', `Parameter '${reserved}' uses the reserved key '__proto__'.`, {
        details: { field: reserved },
      });
    }
    const parsed = spec.params.safeParse(input);
    if (!parsed.success) {
      const { message, field } = zodErrorMessage(parsed.error, input, 'Parameter');
      throw new AppError('INVALID_INPUT', message, { details: { field } });
    }
    const result = await handler(parsed.data, ctx);
    if (options.validateResults) {
      const checked = spec.result.safeParse(result);
      if (!checked.success) {
        const { message } = zodErrorMessage(checked.error, result, 'Result field');
        throw new Error(`Handler of '${method}' returned a result that breaks its schema: ${message}`);
      }
    }
    return result;
  }

  return {
    async dispatch(method, params, ctx) {
      try {
        return { ok: true, result: await run(method, params, ctx) };
      } catch (error) {
        return { ok: false, error: toErrorShape(error, method, log) };
      }
    },
    has: (method) => Object.prototype.hasOwnProperty.call(specs, method) && typeof handlers[method] === 'function',
  };
}

/**
 * The path of the first own `__proto__` key in the params, if any. JSON.parse and structured clone
 * make such keys own data; zod's record parsing would then assign them into a plain object, where
 * they silently vanish or swap a prototype, so they are refused at the boundary instead.
 */
function findProtoKey(root: unknown): string | undefined {
  const stack: Array<[unknown, string]> = [[root, '']];
  while (stack.length > 0) {
    const [value, at] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i += 1)
        if (typeof value[i] === 'object' && value[i] !== null) stack.push([value[i], `${at}[${i}]`]);
      continue;
    }
    for (const key of Object.keys(value)) {
      const path = at ? `${at}.${key}` : key;
      if (key === '__proto__') return path;
      const inner = (value as Record<string, unknown>)[key];
      if (typeof inner === 'object' && inner !== null) stack.push([inner, path]);
    }
  }
  return undefined;
}

/**
 * Maps anything thrown to the wire shape: AppError keeps its code, a ZodError is INVALID_INPUT,
 * anything else is INTERNAL with a generic message (the stack goes only to the local log).
 */
export function toErrorShape(error: unknown, method: string, log: Pick<Logger, 'error'>): AppErrorShape {
  if (error instanceof AppError) return error.toJSON();
  if (error instanceof z.ZodError) {
    const { message, field } = zodErrorMessage(error, undefined, 'Field', false);
    return { code: 'INVALID_INPUT', message, details: { field } };
  }
  log.error(`Method '${method}' failed unexpectedly.`, { method, error });
  // The sentence a caller reads names no method (a REST client called a route); the log has it.
  return { code: 'INTERNAL', message: 'The app failed unexpectedly while answering; the details are in its log.' };
}
