import { describe, expect, it } from 'vitest';
import { withAppToken } from './app-token.js';

function fakeWindow(search: string, stored: string | null): Window {
  return {
    location: { search, href: `http://127.0.0.1:1/${search}` },
    sessionStorage: { getItem: () => stored },
  } as unknown as Window;
}

describe('withAppToken', () => {
  it('adds the page token to a URL that has none', () => {
    expect(withAppToken('http://127.0.0.1:1/api/export.geojson?format=geojson', fakeWindow('?token=abc', null))).toBe(
      'http://127.0.0.1:1/api/export.geojson?format=geojson&token=abc',
    );
  });
  it('falls back to the stored token and keeps a URL that already carries one', () => {
    expect(withAppToken('http://h/x', fakeWindow('', 'kept'))).toBe('http://h/x?token=kept');
    expect(withAppToken('http://h/x?token=own', fakeWindow('?token=abc', null))).toBe('http://h/x?token=own');
  });
  it('leaves the URL alone when the page has no token (Electron)', () => {
    expect(withAppToken('app://x/y', fakeWindow('', null))).toBe('app://x/y');
  });
});
