/**
 * The hub's options, validated once (contradictions rejected with an exact message). The settings a
 * user may change take their defaults from the app config (config.ts `DEFAULTS.hub`); the rest are
 * the hub's own fixed limits.
 */
import { AppError } from '../../contract/errors.js';
import { DEFAULTS, type Config } from '../config.js';
import type { HubConfig } from './types.js';

/**
 * Defaults for every hub option except the token. A hub built without a port picks a free one (0);
 * the app passes `config.hub.port` through `hubOptionsFrom`.
 */
export const HUB_DEFAULTS: Omit<HubConfig, 'token'> = {
  host: DEFAULTS.hub.host,
  port: 0,
  allowedHosts: [],
  allowedOrigins: [],
  maxPublisherPayload: DEFAULTS.hub.maxPayloadBytes,
  maxSubscriberPayload: 64 * 1024,
  maxBodyBytes: 16 * 1024 * 1024,
  maxBatchObjects: 10_000,
  maxInFlightOps: 20_000,
  maxConnections: DEFAULTS.hub.maxConnections,
  maxConnectionsPerSource: DEFAULTS.hub.maxConnectionsPerSource,
  maxConnectionsPerToken: DEFAULTS.hub.maxConnectionsPerToken,
  reservedRpcSlots: DEFAULTS.hub.reservedRpcSlots,
  reservedSubscriberSlots: DEFAULTS.hub.reservedSubscriberSlots,
  maxHeaderBytes: 16 * 1024,
  maxSubscriberPending: 200_000,
  subscriberHighWaterBytes: 1024 * 1024,
  heartbeatMs: DEFAULTS.hub.heartbeatMs,
};

/** The hub options the app config sets: bind address, port, publisher frame limit, heartbeat and quotas. */
export function hubOptionsFrom(
  hub: Config['hub'],
): Pick<HubConfig, 'host' | 'port' | 'maxPublisherPayload' | 'heartbeatMs' | QuotaKey> {
  return {
    host: hub.host,
    port: hub.port,
    maxPublisherPayload: hub.maxPayloadBytes,
    heartbeatMs: hub.heartbeatMs,
    maxConnections: hub.maxConnections,
    maxConnectionsPerSource: hub.maxConnectionsPerSource,
    maxConnectionsPerToken: hub.maxConnectionsPerToken,
    reservedRpcSlots: hub.reservedRpcSlots,
    reservedSubscriberSlots: hub.reservedSubscriberSlots,
  };
}

type QuotaKey =
  | 'maxConnections'
  | 'maxConnectionsPerSource'
  | 'maxConnectionsPerToken'
  | 'reservedRpcSlots'
  | 'reservedSubscriberSlots';

/** Merges options over the defaults and validates them. */
export function resolveHubConfig(input: Partial<HubConfig> & { token: string }): HubConfig {
  const cfg: HubConfig = { ...HUB_DEFAULTS, ...stripUndefined(input), token: input.token };
  if (typeof cfg.token !== 'string' || cfg.token.length < 16) {
    throw new AppError('INVALID_INPUT', "Option 'token' must be a string of at least 16 characters.");
  }
  if (!Number.isInteger(cfg.port) || cfg.port < 0 || cfg.port > 65535) {
    throw new AppError('INVALID_INPUT', `Option 'port' must be an integer from 0 to 65535, got ${String(cfg.port)}.`);
  }
  for (const key of [
    'maxPublisherPayload',
    'maxSubscriberPayload',
    'maxBodyBytes',
    'maxBatchObjects',
    'maxInFlightOps',
    'maxConnections',
    'maxConnectionsPerSource',
    'maxConnectionsPerToken',
    'maxHeaderBytes',
    'maxSubscriberPending',
    'subscriberHighWaterBytes',
    'heartbeatMs',
  ] as const) {
    const v = cfg[key];
    if (!Number.isInteger(v) || v <= 0) {
      throw new AppError('INVALID_INPUT', `Option '${key}' must be a positive integer, got ${String(v)}.`);
    }
  }
  checkReservedSlots(cfg);
  if (cfg.maxInFlightOps < cfg.maxBatchObjects) {
    throw new AppError(
      'INVALID_INPUT',
      `Option 'maxInFlightOps' (${cfg.maxInFlightOps}) must be at least 'maxBatchObjects' (${cfg.maxBatchObjects}).`,
    );
  }
  return cfg;
}

/** Reserved slots are whole numbers and leave publishers at least one slot. */
function checkReservedSlots(cfg: HubConfig): void {
  for (const key of ['reservedRpcSlots', 'reservedSubscriberSlots'] as const) {
    const v = cfg[key];
    if (!Number.isInteger(v) || v < 0) {
      throw new AppError('INVALID_INPUT', `Option '${key}' must be a non-negative integer, got ${String(v)}.`);
    }
  }
  if (cfg.reservedRpcSlots + cfg.reservedSubscriberSlots >= cfg.maxConnections) {
    throw new AppError(
      'INVALID_INPUT',
      `Options 'reservedRpcSlots' (${cfg.reservedRpcSlots}) and 'reservedSubscriberSlots' (${cfg.reservedSubscriberSlots}) together must be less than 'maxConnections' (${cfg.maxConnections}).`,
    );
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
