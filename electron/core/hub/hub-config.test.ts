// The hub's options: user-settable defaults come from the app config's DEFAULTS, every app setting
// for the hub reaches it, and bad or contradictory options are refused with one sentence.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, loadConfig } from '../config.js';
import { HUB_DEFAULTS, hubOptionsFrom, resolveHubConfig } from './hub-config.js';

const TOKEN = 'hub-config-test-token-0123';

describe('hub config', () => {
  it('takes the defaults a user may change from the app config', () => {
    expect(HUB_DEFAULTS).toMatchObject({
      host: DEFAULTS.hub.host,
      maxPublisherPayload: DEFAULTS.hub.maxPayloadBytes,
      heartbeatMs: DEFAULTS.hub.heartbeatMs,
    });
    // A hub built without a port (tests, tools) picks a free one; the app passes config.hub.port.
    expect(HUB_DEFAULTS.port).toBe(0);
  });

  it('passes every hub setting of the app config to the hub', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hub-config-'));
    try {
      const config = loadConfig({
        dataDir: dir,
        overrides: {
          hub: {
            host: '127.0.0.2',
            port: 9100,
            maxPayloadBytes: 4096,
            heartbeatMs: 5000,
            maxConnections: 300,
            maxConnectionsPerSource: 10,
            maxConnectionsPerToken: 20,
            reservedRpcSlots: 3,
            reservedSubscriberSlots: 30,
          },
        },
      });
      const cfg = resolveHubConfig({ ...hubOptionsFrom(config.hub), token: TOKEN });
      expect(cfg).toMatchObject({ host: '127.0.0.2', port: 9100, maxPublisherPayload: 4096, heartbeatMs: 5000 });
      expect(cfg).toMatchObject({
        maxConnections: 300,
        maxConnectionsPerSource: 10,
        maxConnectionsPerToken: 20,
        reservedRpcSlots: 3,
        reservedSubscriberSlots: 30,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a short token, a bad port and contradictory limits, and accepts sane ones', () => {
    expect(() => resolveHubConfig({ token: 'short' })).toThrow("Option 'token' must be a string of at least 16");
    expect(() => resolveHubConfig({ token: TOKEN, port: 70_000 })).toThrow(
      "Option 'port' must be an integer from 0 to 65535, got 70000.",
    );
    expect(() => resolveHubConfig({ token: TOKEN, maxInFlightOps: 10, maxBatchObjects: 100 })).toThrow(
      "Option 'maxInFlightOps' (10) must be at least 'maxBatchObjects' (100).",
    );
    expect(resolveHubConfig({ token: TOKEN, maxInFlightOps: 100, maxBatchObjects: 100 }).maxInFlightOps).toBe(100);
  });

  it('keeps the connection quotas well below the global cap by default, and refuses reserves that leave publishers nothing', () => {
    expect(HUB_DEFAULTS.maxConnectionsPerSource * 4).toBeLessThan(HUB_DEFAULTS.maxConnections);
    expect(HUB_DEFAULTS.maxConnectionsPerToken * 4).toBeLessThan(HUB_DEFAULTS.maxConnections);
    expect(HUB_DEFAULTS.reservedRpcSlots).toBeGreaterThan(0);
    expect(HUB_DEFAULTS.reservedSubscriberSlots).toBeGreaterThan(0);
    const tight = { token: TOKEN, maxConnections: 10, reservedRpcSlots: 4, reservedSubscriberSlots: 6 };
    expect(() => resolveHubConfig(tight)).toThrow(
      "Options 'reservedRpcSlots' (4) and 'reservedSubscriberSlots' (6) together must be less than 'maxConnections' (10).",
    );
    expect(resolveHubConfig({ ...tight, reservedSubscriberSlots: 5 }).reservedSubscriberSlots).toBe(5);
    expect(() => resolveHubConfig({ token: TOKEN, reservedRpcSlots: -1 })).toThrow(
      "Option 'reservedRpcSlots' must be a non-negative integer, got -1.",
    );
    expect(() => resolveHubConfig({ token: TOKEN, maxConnectionsPerSource: 0 })).toThrow(
      "Option 'maxConnectionsPerSource' must be a positive integer, got 0.",
    );
    const dir = mkdtempSync(path.join(tmpdir(), 'hub-config-'));
    try {
      expect(() =>
        loadConfig({ dataDir: dir, overrides: { hub: { maxConnections: 20, reservedSubscriberSlots: 20 } } }),
      ).toThrow("Settings 'hub.reservedRpcSlots' (8) and 'hub.reservedSubscriberSlots' (20) together must be less");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
