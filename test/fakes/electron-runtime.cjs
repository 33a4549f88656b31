// A fake `electron` for running the bundled main process (dist/main/main.cjs) in plain Node:
// `node --require test/fakes/electron-runtime.cjs dist/main/main.cjs` in a child started with
// fork(). It reports what main did to the parent (process.send) and lets the parent invoke IPC,
// fetch from the registered protocols and quit. Test-only; Electron itself is never loaded.
/* eslint-disable @typescript-eslint/no-require-imports */
'use strict';
const Module = require('node:module');
const { EventEmitter } = require('node:events');

const report = (message) => process.send?.(message);
const app = new EventEmitter();
const handlers = new Map();
const protocols = new Map();
const windows = [];
let readyResolve;
const ready = new Promise((resolve) => (readyResolve = resolve));
let nextId = 1;

Object.assign(app, {
  isPackaged: false,
  getPath: () => process.env.FAKE_USER_DATA,
  getVersion: () => '0.1.0-test',
  requestSingleInstanceLock: () => true,
  whenReady: () => ready,
  quit() {
    const event = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    app.emit('before-quit', event);
    if (!event.defaultPrevented) {
      report({ type: 'exit' });
      setImmediate(() => process.exit(0));
    }
  },
  exit(code) {
    report({ type: 'exit', code });
    setImmediate(() => process.exit(code));
  },
});

class WebContents extends EventEmitter {
  constructor() {
    super();
    this.id = nextId++;
    this.mainFrame = { url: '', routingId: 1 };
    this.sent = [];
  }
  send(channel, ...args) {
    this.sent.push([channel, structuredClone(args)]);
    report({ type: 'send', channel, args: structuredClone(args) });
  }
  isDestroyed() {
    return false;
  }
  setWindowOpenHandler(fn) {
    this.windowOpenHandler = fn;
  }
}

class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
    report({ type: 'window', title: options.title, webPreferences: options.webPreferences });
  }
  loadURL(url) {
    this.webContents.mainFrame.url = url;
    report({ type: 'loadURL', url });
    return Promise.resolve();
  }
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  isFullScreen() {
    return false;
  }
  isMaximized() {
    return false;
  }
  getBounds() {
    return { x: 0, y: 0, width: 1280, height: 800 };
  }
  getNormalBounds() {
    return this.getBounds();
  }
  maximize() {}
  show() {}
  focus() {}
  restore() {}
}

const noop = () => undefined;
const fake = {
  app,
  BrowserWindow,
  ipcMain: {
    handle: (channel, fn) => handlers.set(channel, fn),
    removeHandler: (channel) => handlers.delete(channel),
  },
  protocol: {
    registerSchemesAsPrivileged: (schemes) => report({ type: 'schemes', schemes: schemes.map((s) => s.scheme) }),
    handle: (scheme, fn) => protocols.set(scheme, fn),
    unhandle: (scheme) => protocols.delete(scheme),
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn) => (fake.permissionRequest = fn),
      setPermissionCheckHandler: (fn) => (fake.permissionCheck = fn),
      setDevicePermissionHandler: noop,
      webRequest: { onHeadersReceived: (fn) => (fake.onHeadersReceived = fn) },
    },
  },
  screen: {
    getPrimaryDisplay: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }),
    getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
  },
  Menu: {
    buildFromTemplate: (t) => t,
    setApplicationMenu: (m) =>
      report({
        type: 'menu',
        labels: m.map((i) => i.label ?? i.role),
        views: (m.find((i) => i.label === 'Views')?.submenu ?? []).map((i) => i.label),
      }),
  },
  dialog: {
    showErrorBox: (title, content) => report({ type: 'errorBox', title, content }),
    showMessageBox: async () => ({ response: 0 }),
    showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
    showSaveDialog: async () => ({ canceled: true }),
  },
  shell: { openExternal: async (url) => report({ type: 'openExternal', url }), openPath: async () => '' },
  net: { fetch: (...args) => fetch(...args) },
};

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'electron' ? __filename : resolve.call(this, request, ...rest);
};
module.exports = fake;

// Parent → fake: drive what the real Electron would do.
process.on('message', async (msg) => {
  const win = windows[0];
  try {
    if (msg.type === 'invoke') {
      const frame =
        msg.frame === 'sub' ? { url: win.webContents.mainFrame.url, routingId: 2 } : win.webContents.mainFrame;
      const sender = msg.sender === 'foreign' ? new WebContents() : win.webContents;
      // 'rpc' is RPC_CHANNEL of electron/contract/bridge.ts, spelled out so the test checks main uses it.
      const result = await handlers.get('rpc')({ sender, senderFrame: frame }, structuredClone(msg.payload));
      report({ type: 'reply', id: msg.id, result: structuredClone(result) });
    } else if (msg.type === 'fetch') {
      const scheme = new URL(msg.url).protocol.slice(0, -1);
      const res = await protocols.get(scheme)(new Request(msg.url));
      report({
        type: 'reply',
        id: msg.id,
        result: {
          status: res.status,
          csp: res.headers.get('content-security-policy'),
          body: (await res.text()).slice(0, 200),
        },
      });
    } else if (msg.type === 'guards') {
      const contents = win.webContents;
      const nav = {
        defaultPrevented: false,
        preventDefault() {
          this.defaultPrevented = true;
        },
      };
      contents.emit('will-navigate', nav, 'https://evil.example/');
      const open = contents.windowOpenHandler({ url: 'https://www.openstreetmap.org/' });
      const denied = await new Promise((r) => fake.permissionRequest(contents, 'geolocation', r));
      report({
        type: 'reply',
        id: msg.id,
        result: { navigationBlocked: nav.defaultPrevented, windowOpen: open.action, permission: denied },
      });
    } else if (msg.type === 'quit') {
      app.quit();
    }
  } catch (error) {
    report({ type: 'reply', id: msg.id, error: String((error && error.stack) || error) });
  }
});

setImmediate(() => readyResolve());
