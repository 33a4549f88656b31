// Sealing, masking and opening feed credentials: which fields are secrets, the mask round trip, old plain rows, a changed key.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DataSource } from '../../contract/domain.js';
import { createSecretBox, isSealed, SecretOpenError } from './secret-box.js';
import { collectSecrets } from './secret-fields.js';
import { createSourceSecrets, MASK } from './source-secrets.js';

const box = createSecretBox(randomBytes(32));
const secrets = createSourceSecrets(box);
const source = (info: Record<string, unknown>): DataSource => ({
  id: 's1',
  name: 'Harbour feed',
  description: '',
  type: 'rest',
  connection_info: info,
  is_active: true,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
});

const INFO = {
  url: 'https://ais:p%40ss:word@feed.example/v1/ships?format=json&access_token=tok123&page=2',
  headers: { Authorization: 'Bearer abc', 'X-Api-Key': 'k-1', Accept: 'application/json' },
  subscribe_message: { op: 'login', apiKey: 'sub-key', nested: { password: 'pw' }, area: 'north' },
  interval_s: 10,
  mapping: { id: 'token', lon: 'x', lat: 'y' },
};

describe('secret box', () => {
  it('seals with a fresh IV each time and opens only with its own key', () => {
    const a = box.seal('Bearer abc');
    const b = box.seal('Bearer abc');
    expect(a).toMatch(/^enc:v1:[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(box.open(a)).toBe('Bearer abc');
    expect(() => createSecretBox(randomBytes(32)).open(a)).toThrow(SecretOpenError);
    expect(() => box.open(`${a.slice(0, -2)}AA`)).toThrow(SecretOpenError);
  });
});

describe('source secrets', () => {
  it('seals exactly the credential slots and keeps everything else readable', () => {
    const sealed = secrets.seal(INFO);
    const text = JSON.stringify(sealed);
    for (const plain of ['p%40ss', 'p@ss', 'tok123', 'Bearer abc', 'k-1', 'sub-key', '"pw"'])
      expect(text).not.toContain(plain);
    expect(sealed).toMatchObject({
      interval_s: 10,
      mapping: INFO.mapping,
      headers: { Accept: 'application/json' },
      subscribe_message: { op: 'login', area: 'north' },
    });
    const url = new URL(sealed.url as string);
    expect(url.host).toBe('feed.example');
    expect(url.searchParams.get('page')).toBe('2');
    expect(isSealed(url.searchParams.get('access_token'))).toBe(true);
    expect([...collectSecrets(sealed).keys()].sort()).toEqual([
      'headers.authorization',
      'headers.x-api-key',
      'subscribe_message.apiKey',
      'subscribe_message.nested.password',
      'url#password',
      'url?access_token',
    ]);
    expect(secrets.reveal(source(sealed)).connection_info).toEqual({
      ...INFO,
      url: 'https://ais:p%40ss%3Aword@feed.example/v1/ships?format=json&access_token=tok123&page=2',
    });
  });

  it('masks every secret the same way and shows the rest', () => {
    const masked = secrets.mask(source(secrets.seal(INFO))).connection_info;
    expect(masked.url).toBe(`https://ais:${MASK}@feed.example/v1/ships?format=json&access_token=${MASK}&page=2`);
    expect(masked.headers).toEqual({ Authorization: MASK, 'X-Api-Key': MASK, Accept: 'application/json' });
    expect(masked.subscribe_message).toEqual({ op: 'login', apiKey: MASK, nested: { password: MASK }, area: 'north' });
  });

  it('keeps the stored secret when the mask comes back, and replaces it when a new value does', () => {
    const stored = secrets.seal(INFO);
    const masked = secrets.mask(source(stored)).connection_info;
    const kept = secrets.seal(masked, stored);
    expect(kept).toEqual(stored);
    const edited = { ...masked, headers: { ...(masked.headers as object), Authorization: 'Bearer new' } };
    const replaced = secrets.reveal(source(secrets.seal(edited, stored))).connection_info;
    expect(replaced.headers).toEqual({ Authorization: 'Bearer new', 'X-Api-Key': 'k-1', Accept: 'application/json' });
    expect(new URL(replaced.url as string).searchParams.get('access_token')).toBe('tok123');
    // The same plain value again keeps the sealed bytes (the connector sees no change).
    expect(secrets.seal(secrets.reveal(source(stored)).connection_info, stored)).toEqual(stored);
  });

  it('refuses a mask where nothing is stored, naming the field', () => {
    expect(() => secrets.seal({ headers: { Authorization: MASK } }, {})).toThrow(
      "Field 'connection_info.headers.authorization' holds the mask '••••' but no stored value exists to keep; send the value itself.",
    );
  });

  it('loads plain values from older rows and seals them on the next save', () => {
    const legacy = { url: 'wss://u:plainpw@feed.example/ws', headers: { Cookie: 'sid=1' } };
    expect(secrets.reveal(source(legacy)).connection_info).toEqual(legacy);
    const masked = secrets.mask(source(legacy)).connection_info;
    const saved = secrets.seal(masked, legacy);
    expect(JSON.stringify(saved)).not.toMatch(/plainpw|sid=1/);
    expect(secrets.reveal(source(saved)).connection_info).toEqual(legacy);
  });

  it('says in one sentence that the key changed when a sealed value does not open', () => {
    const other = createSourceSecrets(createSecretBox(randomBytes(32)));
    const sealed = secrets.seal({ headers: { Authorization: 'Bearer abc' } });
    expect(() => other.reveal(source(sealed))).toThrow(
      "Source 'Harbour feed' cannot decrypt its credentials; the key changed. Enter them again to start it.",
    );
  });
});
