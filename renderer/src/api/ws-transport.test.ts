import { describe, expect, it, vi } from 'vitest';
import { CLOSE_ACCESS_KEY_CHANGED } from '../../../electron/contract/bridge.js';
import { checkAccess } from './access-check.js';
import { createWsTransport, type AccessCheck, type WebSocketLike } from './ws-transport.js';

/** A socket the test opens and closes by hand. */
function fakeSocket(): WebSocketLike & { open(): void; drop(code?: number): void } {
  const ws = {
    readyState: 0,
    onopen: null,
    onclose: null,
    onerror: null,
    onmessage: null,
    send: () => undefined,
    close: () => undefined,
    open() {
      ws.readyState = 1;
      ws.onopen?.({});
    },
    drop(code = 1006) {
      ws.readyState = 3;
      ws.onclose?.({ code });
    },
  } as WebSocketLike & { readyState: number; open(): void; drop(code?: number): void };
  return ws;
}

function transportWith(found: AccessCheck) {
  const sockets: ReturnType<typeof fakeSocket>[] = [];
  const check = vi.fn(async () => found);
  const transport = createWsTransport({
    url: () => 'ws://h/api/rpc?token=t',
    minDelayMs: 1,
    checkAccess: check,
    createSocket: () => {
      const s = fakeSocket();
      sockets.push(s);
      return s;
    },
  });
  return { transport, sockets, check };
}

describe('createWsTransport and a refused key', () => {
  it("ends in 'refused' when the upgrade failed and the key check says so: no reconnects, no failed calls", async () => {
    const { transport, sockets, check } = transportWith('refused');
    const answered = vi.fn();
    void transport.call('app.info', {}).then(answered);
    sockets[0]!.drop();
    await vi.waitFor(() => expect(transport.state()).toBe('refused'));
    await new Promise((r) => setTimeout(r, 20));
    expect(sockets).toHaveLength(1);
    expect(check).toHaveBeenCalledTimes(1);
    expect(answered).not.toHaveBeenCalled();
  });

  it('reconnects when the hub was only away, and sends the waiting call then', async () => {
    const { transport, sockets } = transportWith('unreachable');
    const sent: string[] = [];
    const call = transport.call('app.info', {});
    sockets[0]!.drop();
    await vi.waitFor(() => expect(sockets).toHaveLength(2));
    sockets[1]!.send = (text) => {
      sent.push(text);
      sockets[1]!.onmessage?.({ data: JSON.stringify({ jsonrpc: '2.0', id: 1, result: { ok: 1 } }) });
    };
    sockets[1]!.open();
    expect(await call).toEqual({ ok: true, result: { ok: 1 } });
    expect(sent).toHaveLength(1);
    transport.close();
  });

  it('checks the key when an open socket closes because the key changed', async () => {
    const { transport, sockets, check } = transportWith('refused');
    sockets[0]!.open();
    sockets[0]!.drop(CLOSE_ACCESS_KEY_CHANGED);
    await vi.waitFor(() => expect(transport.state()).toBe('refused'));
    expect(check).toHaveBeenCalledTimes(1);
  });

  it('does not check the key after an ordinary drop of an open socket', async () => {
    const { transport, sockets, check } = transportWith('refused');
    sockets[0]!.open();
    sockets[0]!.drop(1006);
    await vi.waitFor(() => expect(sockets).toHaveLength(2));
    expect(check).not.toHaveBeenCalled();
    transport.close();
  });
});

describe('checkAccess', () => {
  const answering = (status: number) => vi.fn(async () => new Response(null, { status }));

  it('asks GET /api/rpc with the key as a Bearer header and reads 204 and 401', async () => {
    const ok = answering(204);
    expect(await checkAccess('http://h:1', 'key', ok)).toBe('ok');
    expect(ok).toHaveBeenCalledWith(
      'http://h:1/api/rpc',
      expect.objectContaining({ headers: { Authorization: 'Bearer key' } }),
    );
    expect(await checkAccess('http://h:1', 'key', answering(401))).toBe('refused');
  });

  it("calls a page without a key refused, and a hub that does not answer 'unreachable'", async () => {
    expect(await checkAccess('http://h:1', '', answering(204))).toBe('refused');
    expect(await checkAccess('http://h:1', 'key', answering(503))).toBe('unreachable');
    const down = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await checkAccess('http://h:1', 'key', down)).toBe('unreachable');
  });
});
