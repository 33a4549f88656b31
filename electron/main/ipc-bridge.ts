/**
 * The IPC bridge (STYLE §2): one invoke channel `rpc` for calls and one push channel `rpc:event`.
 * Calls from anything but our window's main frame are refused; every call goes to the one
 * dispatcher, and errors come back as values because ipcMain.handle forwards only a thrown message.
 */
import { ipcMain } from 'electron';
import { RPC_CHANNEL, RPC_EVENT_CHANNEL, type RpcPush, type RpcReply } from '../contract/bridge.js';
import type { EventName } from '../contract/events.js';
import type { Logger } from '../contract/logger.js';
import type { CallContext, Dispatcher } from '../core/dispatch/dispatcher.js';
import type { EventBus } from '../core/dispatch/event-bus.js';

/** The parts of a WebFrameMain the sender check reads. */
export interface FrameLike {
  url: string;
  routingId: number;
}

/** The parts of a WebContents the bridge uses. */
export interface SenderLike {
  id: number;
  mainFrame: FrameLike;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  on(event: 'destroyed' | 'render-process-gone', listener: () => void): unknown;
  on(
    event: 'did-start-navigation',
    listener: (details: { isMainFrame?: boolean; isSameDocument?: boolean }) => void,
  ): unknown;
}

/** The parts of an IpcMainInvokeEvent the bridge reads. */
export interface InvokeEventLike {
  sender: SenderLike;
  senderFrame: FrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, handler: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface IpcBridgeDeps {
  dispatcher: Pick<Dispatcher, 'dispatch'>;
  /** Broadcast events (core.events), forwarded to `eventTarget()`. */
  events?: Pick<EventBus, 'on'>;
  /** Our window's webContents, which alone receives broadcast events. */
  eventTarget?: () => SenderLike | undefined;
  /** True only for our own window's main frame showing our own page. */
  isTrustedSender(event: InvokeEventLike): boolean;
  log: Logger;
  /** Electron's ipcMain unless a test passes a fake. */
  ipcMain?: IpcMainLike;
}

/**
 * Builds the sender check: the event must come from the webContents `getContents()` returns, from
 * its main frame (not an iframe), at a URL `isAppUrl` accepts.
 */
export function createSenderCheck(getContents: () => SenderLike | undefined, isAppUrl: (url: string) => boolean) {
  return (event: InvokeEventLike): boolean => {
    const ours = getContents();
    const frame = event.senderFrame;
    if (!ours || event.sender !== ours || !frame) return false;
    return frame.routingId === ours.mainFrame.routingId && isAppUrl(frame.url);
  };
}

/** Creates the bridge; `start()` registers the handler and returns `stop()`. */
export function createIpcBridge(deps: IpcBridgeDeps) {
  const ipc = deps.ipcMain ?? (ipcMain as unknown as IpcMainLike);
  const clients = new Map<number, { ctx: CallContext; closers: (() => void)[] }>();

  const closeClient = (id: number): void => {
    const client = clients.get(id);
    if (!client) return;
    clients.delete(id);
    for (const close of client.closers.splice(0)) {
      try {
        close();
      } catch (error) {
        deps.log.error('An IPC client close handler failed.', { error: String(error) });
      }
    }
  };

  const contextFor = (sender: SenderLike): CallContext => {
    const known = clients.get(sender.id);
    if (known) return known.ctx;
    const closers: (() => void)[] = [];
    const ctx: CallContext = {
      clientId: `ipc:${sender.id}`,
      principal: { kind: 'app' },
      push(event: EventName, payload: unknown) {
        if (!sender.isDestroyed()) sender.send(RPC_EVENT_CHANNEL, { event, payload } satisfies RpcPush);
      },
      onClose(cb) {
        closers.push(cb);
      },
    };
    clients.set(sender.id, { ctx, closers });
    const id = sender.id;
    sender.on('destroyed', () => closeClient(id));
    sender.on('render-process-gone', () => closeClient(id));
    // A reload or navigation of the main frame ends the page's subscriptions.
    sender.on('did-start-navigation', (details) => {
      if (details?.isMainFrame && !details.isSameDocument) closeClient(id);
    });
    return ctx;
  };

  const onCall = async (event: InvokeEventLike, message: unknown): Promise<RpcReply> => {
    if (!deps.isTrustedSender(event)) {
      deps.log.warn('Refused an IPC call from a foreign sender.', { url: event.senderFrame?.url ?? null });
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Calls are accepted only from the app window.' } };
    }
    const call = message as { method?: unknown; params?: unknown } | null;
    if (!call || typeof call !== 'object' || typeof call.method !== 'string') {
      return { ok: false, error: { code: 'INVALID_INPUT', message: "Field 'method' must be a string." } };
    }
    try {
      return await deps.dispatcher.dispatch(call.method, call.params, contextFor(event.sender));
    } catch (error) {
      deps.log.error('The dispatcher threw instead of answering.', { method: call.method, error: String(error) });
      return {
        ok: false,
        error: {
          code: 'INTERNAL',
          message: 'The app failed unexpectedly while answering; the details are in its log.',
        },
      };
    }
  };

  return {
    start(): () => void {
      ipc.handle(RPC_CHANNEL, (event, message) => onCall(event, message));
      const unsubscribe = deps.events?.on((event, payload) => {
        const target = deps.eventTarget?.();
        if (target && !target.isDestroyed()) target.send(RPC_EVENT_CHANNEL, { event, payload } satisfies RpcPush);
      });
      return () => {
        unsubscribe?.();
        ipc.removeHandler(RPC_CHANNEL);
        for (const id of [...clients.keys()]) closeClient(id);
      };
    },
  };
}
