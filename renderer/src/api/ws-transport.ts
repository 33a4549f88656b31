/**
 * The transport used in a browser (headless mode): JSON-RPC 2.0 over one WebSocket at RPC_PATH (`/api/rpc`).
 * Reconnects with backoff; calls made while disconnected wait for the socket, calls in flight when
 * it drops fail with UNAVAILABLE (the server may or may not have run them). A key the hub refuses
 * ends it in state 'refused': no more reconnects, and waiting calls stay unanswered, so the page
 * shows one "out of date" screen instead of one error per call.
 */
import { CLOSE_ACCESS_KEY_CHANGED, RPC_PATH } from '../../../electron/contract/bridge.js';
import type { AppErrorShape, ErrorCode } from '../../../electron/contract/errors.js';
import type { RpcReply, Transport } from './client.js';

/** The subset of the browser WebSocket API we use (the `ws` package's client matches it). */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** What a key check found: the key is good, the hub refused it, or the hub cannot be reached. */
export type AccessCheck = 'ok' | 'refused' | 'unreachable';

export interface WsTransportOptions {
  /** Full ws:// or wss:// URL of the bridge, token included; a function is asked at every (re)connect. */
  url: string | (() => string);
  /**
   * Asked when a socket closes before it opened or because the key changed (a browser cannot read an
   * upgrade's 401): 'refused' ends the transport in state 'refused'. Without it, it just reconnects.
   */
  checkAccess?: () => Promise<AccessCheck>;
  /** Opens a socket; defaults to the global WebSocket. */
  createSocket?: (url: string) => WebSocketLike;
  /** First reconnect delay; doubles up to maxDelayMs. */
  minDelayMs?: number;
  maxDelayMs?: number;
}

export type ConnectionState = 'connecting' | 'open' | 'closed' | 'refused';

/** A Transport plus connection state (for a "reconnecting…" banner) and an explicit close. */
export interface WsTransport extends Transport {
  state(): ConnectionState;
  /** Called on every state change; after a reconnect ('open' again) live subscriptions must be renewed. */
  onStateChange(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}

const OPEN = 1;
const PROTOCOL_CODES: Record<number, ErrorCode> = {
  [-32700]: 'INVALID_INPUT',
  [-32600]: 'INVALID_INPUT',
  [-32601]: 'METHOD_NOT_FOUND',
  [-32602]: 'INVALID_INPUT',
};

interface Pending {
  resolve: (reply: RpcReply) => void;
  /** The request frame; sent when a socket is open. */
  text: string;
  /** Only calls that went out on a socket fail when it drops; the others wait for the next one. */
  sent: boolean;
}

/** Turns a JSON-RPC error object into the AppError shape both transports return. */
export function rpcErrorToShape(error: { code?: unknown; message?: unknown; data?: unknown }): AppErrorShape {
  const data = error.data as Partial<AppErrorShape> | undefined;
  if (data && typeof data.code === 'string' && typeof data.message === 'string') {
    return data.details === undefined
      ? { code: data.code, message: data.message }
      : { code: data.code, message: data.message, details: data.details };
  }
  const code = typeof error.code === 'number' ? (PROTOCOL_CODES[error.code] ?? 'INTERNAL') : 'INTERNAL';
  return { code, message: typeof error.message === 'string' ? error.message : 'The server answered with an error.' };
}

/** Where a headless page keeps its token in sessionStorage (for reloads, and across a key rotation). */
export const TOKEN_STORAGE_KEY = 'tracker.token';

/** Builds the bridge URL for the current page, taking the token from `?token=` (kept for reloads). */
export function bridgeUrlFromLocation(location: Location, storage?: Storage): string {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl && storage) storage.setItem(TOKEN_STORAGE_KEY, fromUrl);
  return bridgeUrlFor(location, fromUrl ?? storage?.getItem(TOKEN_STORAGE_KEY) ?? '');
}

/** The bridge URL on this page's host with `token`. */
export function bridgeUrlFor(location: Pick<Location, 'protocol' | 'host'>, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${RPC_PATH}?token=${encodeURIComponent(token)}`;
}

/** Opens the WebSocket transport; it connects at once and keeps reconnecting until closed. */
export function createWsTransport(options: WsTransportOptions): WsTransport {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as WebSocketLike);
  const minDelay = options.minDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 10_000;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let nextId = 1;
  let delay = minDelay;
  let state: ConnectionState = 'connecting';
  let socket: WebSocketLike | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let isClosed = false;

  const setState = (next: ConnectionState): void => {
    if (next === state) return;
    state = next;
    for (const listener of stateListeners) listener(next);
  };

  const onMessage = (data: unknown): void => {
    let message: { id?: unknown; method?: unknown; params?: unknown; result?: unknown; error?: unknown };
    try {
      message = JSON.parse(String(data)) as typeof message;
    } catch {
      return;
    }
    if (typeof message.method === 'string' && message.id === undefined) {
      for (const listener of listeners.get(message.method) ?? []) listener(message.params);
      return;
    }
    if (typeof message.id !== 'number') return;
    const call = pending.get(message.id);
    if (!call) return;
    pending.delete(message.id);
    if (message.error && typeof message.error === 'object')
      call.resolve({ ok: false, error: rpcErrorToShape(message.error) });
    else call.resolve({ ok: true, result: message.result });
  };

  /** Fails the calls sent on the socket that dropped (all calls with `everything`, when closed). */
  const failPending = (everything = false): void => {
    for (const [id, call] of pending) {
      if (!call.sent && !everything) continue;
      pending.delete(id);
      call.resolve({
        ok: false,
        error: { code: 'UNAVAILABLE', message: 'The connection to the app closed before it answered.' },
      });
    }
  };

  const retry = (): void => {
    timer = setTimeout(connect, delay);
    delay = Math.min(delay * 2, maxDelay);
  };

  /** After a close that may mean "bad key": ask, then give up ('refused') or retry. */
  const checkThenRetry = (): void => {
    void options.checkAccess!().then(
      (found) => {
        if (isClosed) return;
        if (found !== 'refused') return retry();
        isClosed = true;
        setState('refused');
      },
      () => !isClosed && retry(),
    );
  };

  const connect = (): void => {
    setState('connecting');
    const ws = createSocket(typeof options.url === 'function' ? options.url() : options.url);
    socket = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      delay = minDelay;
      setState('open');
      for (const call of pending.values()) {
        if (call.sent) continue;
        call.sent = true;
        ws.send(call.text);
      }
    };
    ws.onmessage = (ev) => onMessage(ev.data);
    ws.onerror = () => undefined; // a close event always follows
    ws.onclose = (ev) => {
      if (socket !== ws) return;
      socket = undefined;
      failPending();
      setState('closed');
      if (isClosed) return;
      const keyChanged = (ev as { code?: unknown } | null)?.code === CLOSE_ACCESS_KEY_CHANGED;
      if (options.checkAccess && (!opened || keyChanged)) checkThenRetry();
      else retry();
    };
  };

  connect();

  return {
    call(method, params) {
      return new Promise<RpcReply>((resolve) => {
        if (isClosed) {
          resolve({
            ok: false,
            error: { code: 'UNAVAILABLE', message: 'The connection to the app is closed.' },
          });
          return;
        }
        const id = nextId++;
        const text = JSON.stringify({ jsonrpc: '2.0', id, method, params });
        const sent = socket !== undefined && socket.readyState === OPEN;
        pending.set(id, { resolve, text, sent });
        if (sent) socket!.send(text);
      });
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    state: () => state,
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },
    close() {
      isClosed = true;
      if (timer) clearTimeout(timer);
      socket?.close(1000, 'client closed');
      failPending(true);
      setState('closed');
    },
  };
}
