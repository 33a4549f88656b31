// Connection-info validation: every type accepts good settings (with defaults) and refuses bad ones
// with one sentence naming the field and the bad value.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../contract/errors.js';
import { validateConnectionInfo } from './connection-info.js';
import type { SourceType } from '../../contract/domain.js';

function refusal(type: SourceType, info: unknown): string {
  try {
    validateConnectionInfo(type, info);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('INVALID_INPUT');
    return (err as AppError).message;
  }
  throw new Error('expected a refusal');
}

describe('validateConnectionInfo', () => {
  it('accepts websocket settings and fills defaults', () => {
    expect(validateConnectionInfo('websocket', {})).toEqual({
      format: 'auto',
      backoff: { initial_ms: 1000, max_ms: 30_000, factor: 2, jitter: 0.2 },
      heartbeat_s: 30,
    });
    const info = validateConnectionInfo('websocket', {
      url: 'wss://feed.example/objects',
      headers: { 'X-Key': 'k' },
      subscribe_message: { op: 'subscribe' },
      format: 'geojson',
      backoff: { initial_ms: 200, max_ms: 5000 },
    });
    expect(info).toMatchObject({
      url: 'wss://feed.example/objects',
      format: 'geojson',
      backoff: { initial_ms: 200, max_ms: 5000, factor: 2 },
    });
  });

  it('refuses bad websocket settings naming the field', () => {
    expect(refusal('websocket', { url: 'http://x' })).toBe(
      "Field 'connection_info.url' must use ws:// or wss://, got 'http://x'.",
    );
    expect(refusal('websocket', { url: 'not a url' })).toMatch(
      /^Field 'connection_info.url' must use ws:\/\/ or wss:\/\//,
    );
    expect(refusal('websocket', { format: 'xml' })).toBe(
      "Field 'connection_info.format' must be one of 'native', 'geojson', 'auto', got 'xml'.",
    );
    expect(refusal('websocket', { backoff: { initial_ms: 5000, max_ms: 100 } })).toBe(
      "Field 'connection_info.backoff.max_ms' must be at least initial_ms, got 100.",
    );
    expect(refusal('websocket', { backoff: { jitter: 2 } })).toBe(
      "Field 'connection_info.backoff.jitter' must be at most 1, got 2.",
    );
    expect(refusal('websocket', { headers: { 'X-Key': 'a\r\nb' } })).toMatch(
      /^Field 'connection_info.headers.X-Key' must not contain line breaks/,
    );
    expect(refusal('websocket', { headers: { 'bad name': 'x' } })).toMatch(
      /^Field 'connection_info.headers.bad name' has an invalid name/,
    );
    expect(refusal('websocket', { heartbeat_s: -1 })).toBe(
      "Field 'connection_info.heartbeat_s' must be at least 0, got -1.",
    );
    expect(refusal('websocket', { uri: 'ws://x' })).toBe("Field 'connection_info.uri' is not a known setting.");
    expect(refusal('websocket', 'ws://x')).toBe("Field 'connection_info' must be an object, got 'ws://x'.");
  });

  it('accepts rest settings and fills defaults', () => {
    expect(validateConnectionInfo('rest', {})).toEqual({ interval_s: 10, timeout_s: 10, format: 'native' });
    const info = validateConnectionInfo('rest', {
      url: 'https://ships.example/api',
      interval_s: 0.5,
      format: 'json-array',
      mapping: { id: 'mmsi', lon: 'pos.lon', lat: 'pos.lat', tags: { name: 'shipname' } },
    });
    expect(info).toMatchObject({ interval_s: 0.5, timeout_s: 10, mapping: { id: 'mmsi' } });
  });

  it('refuses bad rest settings naming the field', () => {
    expect(refusal('rest', { url: 'ws://x' })).toBe(
      "Field 'connection_info.url' must use http:// or https://, got 'ws://x'.",
    );
    expect(refusal('rest', { interval_s: -1 })).toBe(
      "Field 'connection_info.interval_s' must be greater than 0, got -1.",
    );
    expect(refusal('rest', { interval_s: '5' })).toBe("Field 'connection_info.interval_s' must be a number, got '5'.");
    expect(refusal('rest', { timeout_s: 0 })).toBe("Field 'connection_info.timeout_s' must be greater than 0, got 0.");
    expect(refusal('rest', { format: 'json-array' })).toBe(
      "Field 'connection_info.mapping' is required when format is 'json-array'.",
    );
    expect(refusal('rest', { format: 'json-array', mapping: { id: 'id', lon: 'x' } })).toBe(
      "Field 'connection_info.mapping.lat' is required.",
    );
  });

  it('accepts simulator settings and fills defaults', () => {
    const info = validateConnectionInfo('simulator', {});
    expect(info).toMatchObject({ count: 100, rate_per_s: 20, kinds: ['ship', 'car', 'aircraft', 'drone'] });
    expect(
      validateConnectionInfo('simulator', {
        bbox: [0, 0, 1, 1],
        count: 5,
        rate_per_s: 0.5,
        kinds: ['drone'],
        seed: 42,
      }),
    ).toEqual({
      bbox: [0, 0, 1, 1],
      count: 5,
      rate_per_s: 0.5,
      kinds: ['drone'],
      seed: 42,
    });
  });

  it('refuses bad simulator settings naming the field', () => {
    expect(refusal('simulator', { bbox: [10, 0, 5, 1] })).toBe(
      "Field 'connection_info.bbox' must be [west, south, east, north] with west < east and south < north, got [10,0,5,1].",
    );
    expect(refusal('simulator', { bbox: [0, 0, 1] })).toMatch(/^Field 'connection_info.bbox/);
    expect(refusal('simulator', { count: 1.5 })).toBe("Field 'connection_info.count' must be an integer, got 1.5.");
    expect(refusal('simulator', { count: 0 })).toBe("Field 'connection_info.count' must be at least 1, got 0.");
    expect(refusal('simulator', { rate_per_s: 0 })).toBe(
      "Field 'connection_info.rate_per_s' must be greater than 0, got 0.",
    );
    expect(refusal('simulator', { kinds: ['boat'] })).toBe(
      "Field 'connection_info.kinds.0' must be one of 'ship', 'car', 'aircraft', 'drone', got 'boat'.",
    );
    expect(refusal('simulator', { kinds: [] })).toBe(
      "Field 'connection_info.kinds' must have at least 1 item(s), got [].",
    );
  });

  it('accepts file settings and refuses unknown ones', () => {
    expect(validateConnectionInfo('file', { path: '/data/a.geojson', format: 'geojson' })).toEqual({
      path: '/data/a.geojson',
      format: 'geojson',
    });
    expect(refusal('file', { path: '' })).toBe(
      "Field 'connection_info.path' must have at least 1 character(s), got ''.",
    );
  });
});
