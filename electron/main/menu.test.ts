import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import type { RpcReply } from '../contract/bridge.js';

const installed: MenuItemConstructorOptions[][] = [];
const boxes: unknown[] = [];
vi.mock('electron', async () => ({
  ...(await import('../../test/fakes/electron.js')),
  Menu: {
    buildFromTemplate: (template: MenuItemConstructorOptions[]) => template,
    setApplicationMenu: (menu: MenuItemConstructorOptions[]) => installed.push(menu),
  },
  dialog: {
    showMessageBox: (...args: unknown[]) => {
      boxes.push(args.at(-1));
      return Promise.resolve({ response: 0 });
    },
    showErrorBox: (...args: unknown[]) => boxes.push(args),
  },
  shell: { openPath: () => Promise.resolve('') },
}));

const { menuTemplate, setupMenu } = await import('./menu.js');

const viewsOf = (template: MenuItemConstructorOptions[]) =>
  (template.find((m) => m.label === 'Views')?.submenu as MenuItemConstructorOptions[]).map((i) => ({
    label: i.label,
    enabled: i.enabled ?? true,
  }));

function depsWith(reply: (method: string, params: unknown) => RpcReply) {
  const calls: { method: string; params: unknown }[] = [];
  return {
    calls,
    deps: {
      appName: 'OSM Object Tracker',
      version: '0.1.0',
      dataDir: '/data',
      hubUrl: () => null,
      getWindow: () => undefined,
      call: (method: string, params: unknown) => {
        calls.push({ method, params });
        return Promise.resolve(reply(method, params));
      },
    },
  };
}

let saved: { id: string; name: string; view: object }[];
const ok = (result: unknown): RpcReply => ({ ok: true, result }) as RpcReply;

beforeEach(() => {
  installed.length = 0;
  boxes.length = 0;
  saved = [
    { id: 'v1', name: 'Harbour', view: {} },
    { id: 'v2', name: 'Night shift', view: {} },
  ];
});

describe('the Views menu', () => {
  it('lists the saved views after setup and again on every refresh', async () => {
    const { deps } = depsWith((method) => (method === 'views.list' ? ok({ items: saved }) : ok({})));
    const menu = setupMenu(deps, false);
    await vi.waitFor(() => expect(installed).toHaveLength(2));
    expect(viewsOf(installed[0]!)).toEqual([
      { label: 'No saved views (use "Save view…" in the header)', enabled: false },
    ]);
    expect(viewsOf(installed[1]!)).toEqual([
      { label: 'Harbour', enabled: true },
      { label: 'Night shift', enabled: true },
    ]);
    saved = saved.slice(1);
    await menu.refresh();
    expect(viewsOf(installed[2]!)).toEqual([{ label: 'Night shift', enabled: true }]);
  });

  it('keeps the menu it has when the views cannot be read, and installs only the newest of overlapping refreshes', async () => {
    let answer: RpcReply = { ok: false, error: { code: 'UNAVAILABLE', message: 'Database is closed.' } } as RpcReply;
    const { deps } = depsWith(() => answer);
    const menu = setupMenu(deps, false);
    await menu.refresh();
    expect(installed).toHaveLength(1);
    answer = ok({ items: saved });
    await Promise.all([menu.refresh(), menu.refresh()]);
    expect(installed).toHaveLength(2);
  });

  it('shows a view in the window through views.open when its item is clicked', async () => {
    const { deps, calls } = depsWith(() => ok({}));
    const template = menuTemplate(deps, false, [{ id: 'v1', name: 'Harbour' }]);
    const item = (template.find((m) => m.label === 'Views')!.submenu as MenuItemConstructorOptions[])[0]!;
    (item.click as () => void)();
    await vi.waitFor(() => expect(calls).toEqual([{ method: 'views.open', params: { id: 'v1' } }]));
    expect(boxes).toEqual([]);
  });

  it('says why when the view cannot be shown (deleted meanwhile)', async () => {
    const { deps } = depsWith(
      () => ({ ok: false, error: { code: 'NOT_FOUND', message: "Saved view 'v1' does not exist." } }) as RpcReply,
    );
    const item = (
      menuTemplate(deps, false, [{ id: 'v1', name: 'Harbour' }]).find((m) => m.label === 'Views')!
        .submenu as MenuItemConstructorOptions[]
    )[0]!;
    (item.click as () => void)();
    await vi.waitFor(() =>
      expect(boxes).toEqual([
        { type: 'error', message: "View 'Harbour' cannot be shown.", detail: "Saved view 'v1' does not exist." },
      ]),
    );
  });
});
