// Door checks of the hub, each tested both ways (accepted and refused).
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { resolveHubConfig } from './hub-config.js';
import {
  allowedHostSet,
  checkAppToken,
  checkHost,
  checkOrigin,
  createAuthFailures,
  loggablePath,
  presentedToken,
} from './request-guard.js';

const TOKEN = 'a-token-of-sufficient-length';
const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
const hosts = allowedHostSet(resolveHubConfig({ token: TOKEN }), 4321);

describe('checkHost', () => {
  it('accepts loopback names with our port', () => {
    for (const h of ['127.0.0.1:4321', 'localhost:4321', '[::1]:4321', 'LOCALHOST:4321'])
      expect(checkHost(req({ host: h }), hosts)).toBeNull();
  });
  it('refuses a rebinding host, another port or no host with 421', () => {
    for (const h of ['evil.example:4321', '127.0.0.1:80', 'localhost', ''])
      expect(checkHost(req({ host: h }), hosts)?.status).toBe(421);
  });
  it('accepts a configured LAN host only when configured', () => {
    const lan = allowedHostSet(resolveHubConfig({ token: TOKEN, host: '192.168.1.5' }), 80);
    expect(checkHost(req({ host: '192.168.1.5:80' }), lan)).toBeNull();
    expect(checkHost(req({ host: '192.168.1.5:80' }), hosts)?.status).toBe(421);
  });
});

describe('checkOrigin', () => {
  it('accepts no Origin, our own origin and configured extra origins', () => {
    expect(checkOrigin(req({}), hosts, [])).toBeNull();
    expect(checkOrigin(req({ origin: 'http://127.0.0.1:4321' }), hosts, [])).toBeNull();
    expect(checkOrigin(req({ origin: 'http://localhost:5173' }), hosts, ['http://localhost:5173'])).toBeNull();
  });
  it('refuses a foreign origin with 403', () => {
    for (const o of ['http://evil.example', 'null', 'https://127.0.0.1:4321', 'http://localhost:5173']) {
      expect(checkOrigin(req({ origin: o }), hosts, [])?.status).toBe(403);
    }
  });
});

describe('checkAppToken', () => {
  const url = (q = '') => new URL(`http://x/api/objects${q}`);
  it('accepts the token as Bearer or ?token=', () => {
    expect(checkAppToken(req({ authorization: `Bearer ${TOKEN}` }), url(), TOKEN)).toBeNull();
    expect(checkAppToken(req({}), url(`?token=${TOKEN}`), TOKEN)).toBeNull();
  });
  it('refuses a missing or wrong token with 401', () => {
    expect(checkAppToken(req({}), url(), TOKEN)?.status).toBe(401);
    expect(checkAppToken(req({ authorization: `Bearer ${TOKEN}x` }), url(), TOKEN)?.status).toBe(401);
    expect(checkAppToken(req({ authorization: `Basic ${TOKEN}` }), url(), TOKEN)?.status).toBe(401);
  });
  it('reads the Bearer header before the query', () => {
    expect(presentedToken(req({ authorization: 'Bearer one' }), url('?token=two'))).toBe('one');
  });
  it('never keeps the query string in loggable paths', () => {
    expect(loggablePath(`/api/ws/objects/c?token=${TOKEN}`)).toBe('/api/ws/objects/c');
  });
});

describe('createAuthFailures', () => {
  const from = (address: string) => ({ headers: {}, socket: { remoteAddress: address } }) as unknown as IncomingMessage;

  function tracker() {
    let t = 1_000_000;
    const warnings: Record<string, unknown>[] = [];
    const failures = createAuthFailures({
      log: { warn: (_msg: string, fields?: Record<string, unknown>) => void warnings.push(fields ?? {}) },
      baseDelayMs: 10,
      maxDelayMs: 80,
      now: () => t,
    });
    return { failures, warnings, advance: (ms: number) => (t += ms) };
  }

  it('answers the first failures at once, then waits longer with each one, up to the cap', async () => {
    const { failures } = tracker();
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      delays.push(failures.nextDelayMs('10.0.0.1'));
      await failures.refused(from('10.0.0.1'), 'app token', '/api/objects');
    }
    expect(delays).toEqual([0, 0, 0, 10, 20, 40, 80, 80, 80]);
  });

  it('slows only the failing address, and forgets it after a quiet minute', async () => {
    const { failures, advance } = tracker();
    for (let i = 0; i < 5; i++) await failures.refused(from('10.0.0.1'), 'app token', '/');
    expect(failures.nextDelayMs('10.0.0.1')).toBe(40);
    expect(failures.nextDelayMs('10.0.0.2')).toBe(0);
    advance(60_001);
    expect(failures.nextDelayMs('10.0.0.1')).toBe(0);
  });

  it('waits on a timer, so other work goes on meanwhile', async () => {
    const { failures } = tracker();
    for (let i = 0; i < 6; i++) failures.refused(from('10.0.0.3'), 'app token', '/').catch(() => undefined);
    let other = false;
    const slow = failures.refused(from('10.0.0.3'), 'app token', '/').then(() => other);
    setImmediate(() => (other = true));
    expect(await slow).toBe(true);
  });

  it('logs the first failure and then every power of two, with the address and never a token', async () => {
    const { failures, warnings } = tracker();
    for (let i = 0; i < 8; i++) await failures.refused(from('10.0.0.4'), 'source token', '/api/ws/data-source/x/y');
    expect(warnings.map((w) => w['consecutive_failures'])).toEqual([1, 2, 4, 8]);
    expect(warnings[0]).toEqual({
      address: '10.0.0.4',
      what: 'source token',
      path: '/api/ws/data-source/x/y',
      consecutive_failures: 1,
      delay_ms: 0,
    });
  });
});
