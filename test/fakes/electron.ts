/**
 * A small fake of the `electron` module for tests: ipcMain, ipcRenderer, contextBridge and
 * webContents that copy every message with structuredClone, as Electron's IPC does.
 * Use `createFakeElectron()` for isolated instances, or `vi.mock('electron', () => import(...))`.
 */
import { EventEmitter } from 'node:events';

type Handler = (event: FakeInvokeEvent, ...args: unknown[]) => unknown;
type Listener = (event: { sender: unknown }, ...args: unknown[]) => void;

/** The parts of IpcMainInvokeEvent the bridge reads. */
export interface FakeInvokeEvent {
  sender: FakeWebContents;
  senderFrame: FakeFrame | null;
  processId: number;
  frameId: number;
}

export interface FakeFrame {
  url: string;
  routingId: number;
}

/** A renderer's webContents: `send` delivers a structured clone to that renderer's listeners. */
export class FakeWebContents extends EventEmitter {
  readonly mainFrame: FakeFrame;
  private destroyed = false;
  constructor(
    readonly id: number,
    url: string,
    private readonly deliver: (channel: string, args: unknown[]) => void,
  ) {
    super();
    this.mainFrame = { url, routingId: 1 };
  }
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.deliver(channel, structuredClone(args));
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Simulates closing the window. */
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

/** One fake renderer process: its webContents (main side) and its ipcRenderer (page side). */
export interface FakeRenderer {
  webContents: FakeWebContents;
  ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: Listener): unknown;
    removeListener(channel: string, listener: Listener): unknown;
    listenerCount(channel: string): number;
  };
}

/** Creates an isolated ipcMain plus a factory for renderers talking to it. */
export function createFakeElectron() {
  const handlers = new Map<string, Handler>();
  let nextId = 1;

  const ipcMain = {
    handle(channel: string, handler: Handler): void {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, handler);
    },
    removeHandler(channel: string): void {
      handlers.delete(channel);
    },
    handlerCount: () => handlers.size,
  };

  /** A renderer; `subFrame: true` sends its invokes from a child frame (e.g. an iframe). */
  function createRenderer(options: { url?: string; subFrame?: boolean } = {}): FakeRenderer {
    const id = nextId++;
    const listeners = new EventEmitter();
    const webContents = new FakeWebContents(id, options.url ?? 'app://tracker/index.html', (channel, args) =>
      listeners.emit(channel, { sender: null }, ...args),
    );
    const frame: FakeFrame = options.subFrame
      ? { url: webContents.mainFrame.url, routingId: 2 }
      : webContents.mainFrame;
    return {
      webContents,
      ipcRenderer: {
        async invoke(channel, ...args) {
          const handler = handlers.get(channel);
          if (!handler)
            throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
          const event: FakeInvokeEvent = {
            sender: webContents,
            senderFrame: frame,
            processId: id,
            frameId: frame.routingId,
          };
          return structuredClone(await handler(event, ...structuredClone(args)));
        },
        on(channel, listener) {
          listeners.on(channel, listener);
          return this;
        },
        removeListener(channel, listener) {
          listeners.removeListener(channel, listener);
          return this;
        },
        listenerCount: (channel) => listeners.listenerCount(channel),
      },
    };
  }

  return { ipcMain, createRenderer };
}

// Module-level instance so `vi.mock('electron', () => import('../fakes/electron.js'))` works.
const shared = createFakeElectron();
/** The renderer the module-level `ipcRenderer` speaks for (the preload under test). */
export const defaultRenderer = shared.createRenderer();
export const ipcMain = shared.ipcMain;
export const ipcRenderer = defaultRenderer.ipcRenderer;
export const createRenderer = shared.createRenderer;
/** What the preload exposed with contextBridge, by key. */
export const exposedInMainWorld: Record<string, unknown> = {};
export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    if (key in exposedInMainWorld)
      throw new Error(`Cannot bind an API on top of an existing property on the window object ('${key}')`);
    exposedInMainWorld[key] = api;
  },
};
