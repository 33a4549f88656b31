// The shell's effects against a real shell store in jsdom: shortcut keys become actions and commands,
// the theme reaches <html data-theme> and localStorage, app.info lands in the store, and a command
// reaches a mounted listener only while it is mounted.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppInfo } from '../../../electron/contract/methods/app.js';
import { createClient, type RpcReply, type Transport } from '../api/client.js';
import { AppContext } from '../app/app-context.js';
import { LiveObjectsContext } from '../app/live-context.js';
import { ShellContext, useShellCommand } from '../app/shell-context.js';
import { createShellStore, type ShellCommand, type ShellStore } from '../app/shell-store.js';
import { createLiveObjects } from '../state/live-objects.js';
import { ShellEffects } from './shell-effects.js';
import { loadShellSettings } from './shell-settings.js';
import { DEFAULT_STALE_AFTER_S } from '../state/staleness.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const INFO: AppInfo = {
  name: 'OSM Object Tracker',
  version: '1',
  data_dir: '/tmp/x',
  database: 'sqlite:/tmp/x/tracker.db',
  dialect: 'sqlite',
  hub_url: 'http://127.0.0.1:1',
  mode: 'electron',
};

/** The core's stale thresholds in this fake, what it was asked to set, and its event listeners. */
const core = {
  thresholds: { ...DEFAULT_STALE_AFTER_S } as Record<string, number | null>,
  sets: [] as unknown[],
  listeners: new Map<string, (payload: unknown) => void>(),
};

/** Answers app.info and the stale thresholds, refuses everything else (there is no main in a jsdom test). */
function transport(): Transport {
  return {
    call(method, params): Promise<RpcReply> {
      if (method === 'app.info') return Promise.resolve({ ok: true, result: INFO });
      if (method === 'app.staleThresholds')
        return Promise.resolve({ ok: true, result: { thresholds: core.thresholds, defaults: DEFAULT_STALE_AFTER_S } });
      if (method === 'app.setStaleThresholds') {
        const { thresholds } = params as { thresholds: Record<string, number | null> };
        core.sets.push(thresholds);
        core.thresholds = { ...core.thresholds, ...thresholds };
        return Promise.resolve({ ok: true, result: { thresholds: core.thresholds } });
      }
      return Promise.resolve({ ok: false, error: { code: 'UNAVAILABLE', message: 'Main is not running here.' } });
    },
    on: (event, listener) => {
      core.listeners.set(event, listener as (payload: unknown) => void);
      return () => core.listeners.delete(event);
    },
  };
}

function FitProbe({ seen }: { seen: ShellCommand[] }) {
  useShellCommand('fit', (c) => seen.push(c));
  return null;
}

let container: HTMLDivElement;
let root: Root;
let shell: ShellStore;
const fits: ShellCommand[] = [];
const notices: string[] = [];

function render(withProbe: boolean): void {
  const services = { client: createClient(transport()), notify: (_l: string, m: string) => notices.push(m) };
  act(() =>
    root.render(
      <AppContext value={services}>
        <ShellContext value={shell}>
          <LiveObjectsContext value={createLiveObjects()}>
            <ShellEffects connection={undefined} />
            {withProbe && <FitProbe seen={fits} />}
          </LiveObjectsContext>
        </ShellContext>
      </AppContext>,
    ),
  );
}

const press = (key: string) => act(() => void window.dispatchEvent(new KeyboardEvent('keydown', { key })));

beforeEach(() => {
  localStorage.clear();
  fits.length = 0;
  notices.length = 0;
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  shell = createShellStore({ theme: 'light' });
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

describe('ShellEffects', () => {
  it('turns shortcut keys into actions and commands', () => {
    render(true);
    press('2');
    expect(shell.getState().tab).toBe('detail');
    press('4');
    expect(shell.getState().tab).toBe('offline');
    press('z');
    expect(fits).toEqual([{ type: 'fit' }]);
    press('?');
    expect(shell.getState().showHelp).toBe(true);
    press('f');
    expect(shell.getState().followId).toBeNull();
    act(() => shell.actions.select('a'));
    press('f');
    expect(shell.getState().followId).toBe('a');
    press('Escape');
    expect(shell.getState()).toMatchObject({ selectedId: null, followId: null });
  });

  it('ignores shortcut keys typed into a field', () => {
    render(false);
    const input = document.createElement('input');
    container.append(input);
    act(() => void input.dispatchEvent(new KeyboardEvent('keydown', { key: '3', bubbles: true })));
    expect(shell.getState().tab).toBe('objects');
  });

  it('applies and saves the theme, which a reload reads back', () => {
    render(false);
    expect(document.documentElement.dataset.theme).toBe('light');
    press('t');
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(localStorage.getItem('osm-tracker.theme')).toBe('dark');
    expect(loadShellSettings(window).theme).toBe('dark');
  });

  it('takes the stale thresholds from the core and follows app.staleThresholdsChanged', async () => {
    core.thresholds = { ...DEFAULT_STALE_AFTER_S, ship: 120 };
    render(false);
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(shell.getState().staleAfter).toMatchObject({ ship: 120, aircraft: 60 });
    act(() => core.listeners.get('app.staleThresholdsChanged')?.({ thresholds: { ...core.thresholds, sensor: null } }));
    expect(shell.getState().staleAfter).toMatchObject({ ship: 120, sensor: null });
    expect(core.sets).toEqual([]);
  });

  it('hands thresholds this window remembered from before to the core once, then forgets them', async () => {
    core.thresholds = { ...DEFAULT_STALE_AFTER_S };
    localStorage.setItem('osm-tracker.stale-after', JSON.stringify({ ship: 60, aton: null }));
    render(false);
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(core.sets).toEqual([{ ...DEFAULT_STALE_AFTER_S, ship: 60, aton: null }]);
    expect(shell.getState().staleAfter).toMatchObject({ ship: 60, aton: null });
    expect(localStorage.getItem('osm-tracker.stale-after')).toBeNull();
    core.sets = [];
  });

  it('puts app.info in the store', async () => {
    render(false);
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(shell.getState().info?.hub_url).toBe('http://127.0.0.1:1');
    expect(notices).toEqual([]);
  });

  it('delivers a command only to listeners still mounted', () => {
    render(true);
    act(() => shell.actions.fitAll());
    render(false);
    act(() => shell.actions.fitAll());
    expect(fits).toHaveLength(1);
  });
});
