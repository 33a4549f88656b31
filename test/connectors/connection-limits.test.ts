// Connection-info limits: the worst settings of every type are accepted; one step past any limit is
// refused with one sentence naming the field and the limit, however deep or large the input.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../electron/contract/errors.js';
import type { SourceType } from '../../electron/contract/domain.js';
import { readStoredConnectionInfo } from '../../electron/contract/stored-connection-info.js';
import {
  CONNECTION_INFO_LIMITS as L,
  loadConnectionInfo,
  validateConnectionInfo,
} from '../../electron/core/connectors/connection-info.js';
import { jsonBytes, longUrl, nest, worstInfoByType, worstWebsocketInfo } from './worst-settings.js';

const FEEDS = { ws: 'ws://127.0.0.1:9/feed', http: 'http://127.0.0.1:9/feed' };

function refusal(type: SourceType, info: unknown): { message: string; field: unknown } {
  try {
    validateConnectionInfo(type, info);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('INVALID_INPUT');
    return { message: (err as AppError).message, field: (err as AppError).details?.['field' as never] };
  }
  throw new Error('expected a refusal');
}

/** JSON text nested `levels` deep, parsed (JSON.parse itself has no depth limit). */
function deepParsed(levels: number): unknown {
  return JSON.parse('{"a":'.repeat(levels) + '1' + '}'.repeat(levels));
}

describe('connection-info limits', () => {
  it('accepts the worst settings of every type, with websocket and rest at the size limit', () => {
    const worst = worstInfoByType(FEEDS);
    for (const [type, info] of Object.entries(worst)) {
      expect(() => validateConnectionInfo(type as SourceType, info), type).not.toThrow();
    }
    expect(jsonBytes(worst.websocket)).toBe(L.maxBytes);
    expect(jsonBytes(worst.rest)).toBe(L.maxBytes);
    expect(Object.keys(worst.websocket['headers'] as object)).toHaveLength(L.maxHeaders);
    expect(validateConnectionInfo('rest', worst.rest)['interval_s']).toBe(Number.MIN_VALUE);
  });

  it('refuses nesting one level past the limit, and 3,000 or 100,000 levels, naming the field and the limit', () => {
    const tooDeep = { subscribe_message: nest(L.maxDepth, 'x') };
    const sentence = "Field 'connection_info.subscribe_message' is nested more than 32 levels deep.";
    expect(refusal('websocket', tooDeep)).toEqual({ message: sentence, field: 'connection_info.subscribe_message' });
    for (const levels of [3000, 100_000]) {
      expect(refusal('websocket', { subscribe_message: deepParsed(levels) }).message).toBe(sentence);
      // The depth check comes before the schema, so unknown keys and other types are refused the same way.
      expect(refusal('rest', { deep: deepParsed(levels) }).message).toBe(
        "Field 'connection_info.deep' is nested more than 32 levels deep.",
      );
      expect(refusal('simulator', deepParsed(levels)).message).toBe(
        "Field 'connection_info.a' is nested more than 32 levels deep.",
      );
    }
    expect(refusal('websocket', [deepParsed(40)]).message).toBe(
      "Field 'connection_info.0' is nested more than 32 levels deep.",
    );
  });

  it('refuses one byte past the size limit, and a huge flat value without building its JSON', () => {
    const info = worstWebsocketInfo(FEEDS.ws);
    const headers = info['headers'] as Record<string, string>;
    const first = Object.keys(headers)[0]!;
    headers[first] += 'v';
    expect(refusal('websocket', info)).toEqual({
      message: "Field 'connection_info' must be at most 65536 bytes as JSON, got 65537.",
      field: 'connection_info',
    });
    const wide = { subscribe_message: new Array<number>(2_000_000).fill(0) };
    expect(refusal('websocket', wide).message).toBe("Field 'connection_info' must be at most 65536 bytes as JSON.");
    expect(refusal('websocket', { subscribe_message: 'é'.repeat(40_000) }).message).toBe(
      "Field 'connection_info' must be at most 65536 bytes as JSON, got 80024.",
    );
  });

  it('refuses one past each per-field limit, naming the field', () => {
    const names = Object.fromEntries(Array.from({ length: L.maxHeaders + 1 }, (_, i) => [`x-${i}`, 'v']));
    expect(refusal('websocket', { headers: names }).message).toMatch(
      /^Field 'connection_info.headers' must have at most 64 headers, got \{"x-0":"v"/,
    );
    expect(refusal('rest', { headers: { x: 'v'.repeat(L.maxHeaderValueLength + 1) } }).message).toMatch(
      /^Field 'connection_info.headers.x' must have at most 8192 character\(s\), got 'vvv/,
    );
    expect(refusal('rest', { headers: { ['h'.repeat(L.maxHeaderNameLength + 1)]: 'v' } }).message).toMatch(
      /^Field 'connection_info.headers.hhh+' has an invalid name/,
    );
    expect(refusal('websocket', { url: longUrl('ws://x', L.maxUrlLength + 1) }).message).toMatch(
      /^Field 'connection_info.url' must have at most 8192 character\(s\)/,
    );
    const mapping = { id: 'i', lon: 'x', lat: 'y' };
    expect(
      refusal('rest', { format: 'json-array', mapping: { ...mapping, id: 'd'.repeat(L.maxPathLength + 1) } }).message,
    ).toMatch(/^Field 'connection_info.mapping.id' must have at most 256 character\(s\)/);
    const tags = Object.fromEntries(Array.from({ length: L.maxMappedTags + 1 }, (_, i) => [`t${i}`, 'n']));
    expect(refusal('rest', { format: 'json-array', mapping: { ...mapping, tags } }).message).toBe(
      "Field 'connection_info.mapping.tags' must map at most 256 tags, got " +
        `${JSON.stringify(tags).slice(0, 77)}....`,
    );
    expect(refusal('simulator', { kinds: new Array(L.maxKinds + 1).fill('ship') }).message).toMatch(
      /^Field 'connection_info.kinds' must have at most 16 item\(s\)/,
    );
    expect(refusal('file', { path: 'p'.repeat(L.maxFilePathLength + 1) }).message).toMatch(
      /^Field 'connection_info.path' must have at most 4096 character\(s\)/,
    );
    expect(refusal('file', { format: 'g'.repeat(L.maxFileFormatLength + 1) }).message).toMatch(
      /^Field 'connection_info.format' must have at most 64 character\(s\)/,
    );
  });
});

describe('reading stored connection info back', () => {
  it('keeps a readable object as it is, even past the save limits up to the stored bounds', () => {
    const big = { subscribe_message: 's'.repeat(200_000) };
    expect(readStoredConnectionInfo(() => big)).toBe(big);
    expect(readStoredConnectionInfo(() => JSON.parse('{"url":"ws://x"}'))).toEqual({ url: 'ws://x' });
  });

  it('turns what cannot be carried into a marker naming why, and never throws', () => {
    expect(readStoredConnectionInfo(() => JSON.parse('{"url":'))).toEqual({
      $unreadable: expect.stringMatching(/^Field 'connection_info' as stored is not valid JSON \(/),
    });
    expect(readStoredConnectionInfo(() => [1])).toEqual({
      $unreadable: "Field 'connection_info' as stored must be a JSON object, got an array.",
    });
    expect(readStoredConnectionInfo(() => null)).toEqual({
      $unreadable: "Field 'connection_info' as stored must be a JSON object, got null.",
    });
    expect(readStoredConnectionInfo(() => ({ subscribe_message: deepParsed(100_000) }))).toEqual({
      $unreadable: "Field 'connection_info.subscribe_message' is nested more than 32 levels deep.",
    });
    expect(readStoredConnectionInfo(() => ({ s: 's'.repeat(1_048_577) }))).toEqual({
      $unreadable: "Field 'connection_info' must be at most 1048576 bytes as JSON, got 1048585.",
    });
  });

  it('loads for the connector: the marker reason, an unknown type, a refusal, or the value', () => {
    expect(loadConnectionInfo('websocket', { $unreadable: 'Why it failed.' })).toEqual({
      ok: false,
      message: 'Why it failed.',
    });
    expect(loadConnectionInfo('carrier-pigeon', {})).toEqual({
      ok: false,
      message:
        "Field 'type' must be one of 'websocket', 'rest', 'simulator', 'file', 'osmand', 'cot', 'nmea', 'gpsd', 'aircraft_json', 'sbs', 'opensky', 'overpass', 'osm_api', 'osm_replication', got 'carrier-pigeon'.",
    });
    expect(loadConnectionInfo('__proto__', {})).toMatchObject({ ok: false });
    expect(loadConnectionInfo('rest', { url: 'ftp://x' })).toEqual({
      ok: false,
      message: "Field 'connection_info.url' must use http:// or https://, got 'ftp://x'.",
    });
    expect(loadConnectionInfo('file', {})).toEqual({ ok: true, value: {} });
  });
});
