// Which URLs may leave the app for the OS browser, and which URLs count as our own page.
import { describe, expect, it, vi } from 'vitest';
import { isAppUrl } from './app-protocol.js';
import { isExternalWebUrl } from './security.js';

vi.mock('electron', () => import('../../test/fakes/electron.js'));

describe('isExternalWebUrl', () => {
  it('accepts plain http(s) links', () => {
    expect(isExternalWebUrl('https://www.openstreetmap.org/node/1')).toBe(true);
    expect(isExternalWebUrl('http://example.com/')).toBe(true);
  });

  it('refuses other schemes, credentials and garbage', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'app://tracker/index.html',
      'https://user:pw@example.com/',
      'not a url',
    ]) {
      expect(isExternalWebUrl(url), url).toBe(false);
    }
  });
});

describe('isAppUrl', () => {
  it('accepts our app:// page and, in dev, the dev server', () => {
    expect(isAppUrl('app://tracker/index.html')).toBe(true);
    expect(isAppUrl('http://127.0.0.1:5173/', 'http://127.0.0.1:5173/')).toBe(true);
  });

  it('refuses other hosts, schemes and the dev server outside dev', () => {
    for (const url of [
      'app://other/index.html',
      'https://tracker/index.html',
      'http://127.0.0.1:5173/',
      'file:///index.html',
      '',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});
