// The source form checks connection info as the user types with the contract's schemas: a bad URL shows
// main's one-sentence refusal in place and blocks Save without calling main; a good one enables Save.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, type RpcReply, type Transport } from '../../api/client.js';
import { AppContext } from '../../app/app-context.js';
import { SourceForm } from './source-form.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** A transport that records calls and answers each with a refusal (there is no main in a jsdom test). */
function recordingTransport(): Transport & { calls: { method: string; params: unknown }[] } {
  const calls: { method: string; params: unknown }[] = [];
  return {
    calls,
    call(method, params): Promise<RpcReply> {
      calls.push({ method, params });
      return Promise.resolve({ ok: false, error: { code: 'UNAVAILABLE', message: 'Main is not running here.' } });
    },
    on: () => () => undefined,
  };
}

let container: HTMLDivElement;
let root: Root;
let transport: ReturnType<typeof recordingTransport>;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  transport = recordingTransport();
  const services = { client: createClient(transport), notify: () => undefined };
  act(() => {
    root.render(
      <AppContext.Provider value={services}>
        <SourceForm source={null} onSaved={() => undefined} onCancel={() => undefined} />
      </AppContext.Provider>,
    );
  });
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

const byTestId = <T extends Element>(id: string) => {
  const el = container.querySelector<T>(`[data-testid="${id}"]`);
  if (!el) throw new Error(`No element with data-testid ${id}.`);
  return el;
};

/** Sets a controlled field's value the way typing does, so React's onChange runs. */
function type(el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string, event = 'input') {
  const proto = Object.getPrototypeOf(el) as object;
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
  act(() => {
    setter?.call(el, value);
    el.dispatchEvent(new Event(event, { bubbles: true }));
  });
}

describe('SourceForm says why Create is disabled', () => {
  it('names the missing name, then the invalid connection info, as text beside the button and its description', () => {
    const save = byTestId<HTMLButtonElement>('source-save');
    expect(save.disabled).toBe(true);
    expect(byTestId('source-save-why').textContent).toBe('Fill in a name.');
    expect(save.title).toBe('Fill in a name.');
    expect(save.getAttribute('aria-describedby')).toBe(byTestId('source-save-why').id);
    type(byTestId<HTMLInputElement>('source-name'), 'Feed');
    type(byTestId<HTMLTextAreaElement>('source-connection-info'), '{"count": 0}');
    expect(byTestId('source-save-why').textContent).toMatch(/^Fix the connection info: Field 'connection_info.count'/);
    type(byTestId<HTMLTextAreaElement>('source-connection-info'), '{"count": 5}');
    expect(save.disabled).toBe(false);
    expect(container.querySelector('[data-testid="source-save-why"]')).toBeNull();
    expect(save.hasAttribute('aria-describedby')).toBe(false);
  });
});

describe('SourceForm connection-info check as you type', () => {
  beforeEach(() => {
    type(byTestId<HTMLInputElement>('source-name'), 'Feed');
    type(byTestId<HTMLSelectElement>('source-type'), 'websocket', 'change');
  });

  it('shows the contract sentence for a bad URL in place and keeps Save disabled without calling main', () => {
    const info = byTestId<HTMLTextAreaElement>('source-connection-info');
    type(info, '{"url": "http://x"}');
    expect(byTestId('connection-info-check').textContent).toBe(
      "Field 'connection_info.url' must use ws:// or wss://, got 'http://x'.",
    );
    expect(byTestId('connection-info-check').className).toBe('field-error');
    expect(info.getAttribute('aria-invalid')).toBe('true');
    expect(byTestId<HTMLButtonElement>('source-save').disabled).toBe(true);
    type(info, '{"url": "ws://x", "heartbeat_s": -1}');
    expect(byTestId('connection-info-check').textContent).toBe(
      "Field 'connection_info.heartbeat_s' must be at least 0, got -1.",
    );
    act(() => byTestId<HTMLFormElement>('source-form').requestSubmit());
    expect(transport.calls).toEqual([]);
  });

  it('accepts a good URL, enables Save and sends the info as typed', async () => {
    const info = byTestId<HTMLTextAreaElement>('source-connection-info');
    type(info, '{"url": "wss://feed.example/objects"}');
    expect(byTestId('connection-info-check').textContent).toBe('Valid JSON.');
    expect(byTestId('connection-info-check').className).toBe('field-ok');
    expect(info.getAttribute('aria-invalid')).toBe('false');
    expect(byTestId<HTMLButtonElement>('source-save').disabled).toBe(false);
    await act(async () => byTestId<HTMLFormElement>('source-form').requestSubmit());
    expect(transport.calls).toEqual([
      {
        method: 'sources.create',
        params: {
          name: 'Feed',
          description: '',
          type: 'websocket',
          connection_info: { url: 'wss://feed.example/objects' },
          is_active: true,
        },
      },
    ]);
    expect(byTestId('source-form-error').textContent).toBe('Main is not running here.');
  });
});

describe('SourceForm with stored credentials (masked by main)', () => {
  const stored = {
    id: 's1',
    name: 'Secret feed',
    description: '',
    type: 'rest' as const,
    connection_info: { url: 'https://u:••••@feed.example/x?token=••••', headers: { Authorization: '••••' } },
    is_active: false,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
  };
  beforeEach(() => {
    act(() => {
      root.render(
        <AppContext.Provider value={{ client: createClient(transport), notify: () => undefined }}>
          <SourceForm key="edit" source={stored} onSaved={() => undefined} onCancel={() => undefined} />
        </AppContext.Provider>,
      );
    });
  });

  it('shows the masks with a note, sends them back unchanged to keep the secrets', async () => {
    expect(byTestId('masked-note').textContent).toMatch(/stored encrypted and shown as ••••/);
    expect(container.querySelectorAll('[data-testid="replace-secret"]')).toHaveLength(3);
    await act(async () => byTestId<HTMLFormElement>('source-form').requestSubmit());
    expect(transport.calls[0]).toMatchObject({
      method: 'sources.update',
      params: { id: 's1', connection_info: stored.connection_info },
    });
  });

  it('Replace selects that mask in the editor, so typing replaces only it', () => {
    const info = byTestId<HTMLTextAreaElement>('source-connection-info');
    const buttons = container.querySelectorAll<HTMLButtonElement>('[data-testid="replace-secret"]');
    act(() => buttons[2]!.click());
    const at = info.value.lastIndexOf('••••');
    expect([info.selectionStart, info.selectionEnd]).toEqual([at, at + 4]);
    type(info, `${info.value.slice(0, at)}Bearer new${info.value.slice(at + 4)}`);
    expect(container.querySelectorAll('[data-testid="replace-secret"]')).toHaveLength(2);
  });
});
