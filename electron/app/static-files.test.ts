// The static renderer server: content types, CSP, SPA fallback, and traversal refused.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticFiles, resolveInside } from './static-files.js';

let dir: string;
let root: string;
let server: Server;
let port: number;

/** Raw request so paths like `/../x` reach the server unnormalized. */
function get(
  rawPath: string,
  method = 'GET',
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: rawPath, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'static-'));
  root = path.join(dir, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(root, 'assets', 'app.css'), 'body{}');
  writeFileSync(path.join(dir, 'secret.txt'), 'secret');
  symlinkSync(path.join(dir, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
  const serve = createStaticFiles({ root });
  server = createServer((req, res) => {
    void serve(req, res).then((done) => {
      if (!done) res.writeHead(404).end('nope');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('createStaticFiles', () => {
  it('serves index.html at / with the CSP header', async () => {
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(String(r.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(String(r.headers['content-security-policy'])).toContain("object-src 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.body).toContain('<title>app</title>');
  });

  it('serves assets with their content types, and HEAD without a body', async () => {
    expect((await get('/assets/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get('/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    const head = await get('/assets/app.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('falls back to index.html for app routes but not for missing files', async () => {
    expect((await get('/objects/123')).body).toContain('<title>app</title>');
    expect((await get('/assets/missing.js')).status).toBe(404);
  });

  it('refuses directory traversal in every spelling', async () => {
    for (const p of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%5c..%5csecret.txt',
      '/%00index.html',
    ]) {
      const r = await get(p);
      expect(r.body, p).not.toContain('secret');
      expect([400, 404], p).toContain(r.status);
    }
  });

  it('does not follow a symlink out of the root', async () => {
    const r = await get('/assets/link.txt');
    expect(r.status).toBe(404);
  });

  it('leaves /api and non-GET requests to the caller', async () => {
    expect((await get('/api/health')).body).toBe('nope');
    expect((await get('/', 'POST')).body).toBe('nope');
  });
});

describe('resolveInside', () => {
  it('accepts paths inside the root and refuses the rest', () => {
    expect(resolveInside('/r', '/a/b.js')).toBe(path.resolve('/r/a/b.js'));
    expect(resolveInside('/r', '/a/%2e%2e/%2e%2e/x')).toBeNull();
    expect(resolveInside('/r', '/%E0%A4%A')).toBeNull();
  });
});
