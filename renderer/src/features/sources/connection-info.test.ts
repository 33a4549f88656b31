import { describe, expect, it } from 'vitest';
import { checkConnectionInfo, maskedFields, publisherUrls } from './connection-info.js';

describe('checkConnectionInfo', () => {
  it('accepts an object with known keys, and empty text as {}', () => {
    expect(checkConnectionInfo('{"count": 10}', 'simulator')).toEqual({ ok: true, value: { count: 10 } });
    expect(checkConnectionInfo('  ', 'websocket')).toEqual({ ok: true, value: {} });
  });
  it('rejects broken JSON with the parser message', () => {
    const r = checkConnectionInfo('{"count": }', 'simulator');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/not valid JSON/);
  });
  it('rejects arrays and scalars', () => {
    expect(checkConnectionInfo('[1]', 'rest').ok).toBe(false);
    expect(checkConnectionInfo('3', 'rest').ok).toBe(false);
  });
  it('rejects a key the type does not know, naming it as main does', () => {
    const r = checkConnectionInfo('{"cnt": 1}', 'simulator');
    expect(!r.ok && r.message).toBe("Field 'connection_info.cnt' is not a known setting.");
  });
  it('checks values with the contract schema, giving the sentence main gives on save', () => {
    expect(checkConnectionInfo('{"url": "http://x"}', 'websocket')).toEqual({
      ok: false,
      message: "Field 'connection_info.url' must use ws:// or wss://, got 'http://x'.",
    });
    expect(checkConnectionInfo('{"url": "wss://feed.example/objects", "heartbeat_s": 10}', 'websocket')).toEqual({
      ok: true,
      value: { url: 'wss://feed.example/objects', heartbeat_s: 10 },
    });
    expect(checkConnectionInfo('{"format": "json-array"}', 'rest')).toEqual({
      ok: false,
      message: "Field 'connection_info.mapping' is required when format is 'json-array'.",
    });
  });
});

describe('publisherUrls', () => {
  it('derives the ws and REST push URLs from the hub URL', () => {
    expect(publisherUrls('http://127.0.0.1:8765/', 'abc')).toEqual({
      websocket: 'ws://127.0.0.1:8765/api/ws/data-source/abc/{client_id}',
      rest: 'http://127.0.0.1:8765/api/data-sources/abc/objects',
    });
  });
});

describe('maskedFields', () => {
  it('lists each masked value once per mask, in order, and nothing for plain settings', () => {
    expect(
      maskedFields({
        url: 'https://u:••••@feed.example/x?token=••••',
        headers: { Authorization: '••••', Accept: 'application/json' },
        interval_s: 10,
      }),
    ).toEqual(['url (password)', 'url (?token)', 'headers.Authorization']);
    expect(maskedFields({ url: 'https://feed.example/x', headers: { Accept: 'text/plain' } })).toEqual([]);
  });
});
