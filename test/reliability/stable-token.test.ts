/**
 * A stable session (issue 20 item 2): the real headless server keeps its app token in the data
 * folder across restarts, `--rotate-token` and `app.rotateToken` replace it (the hub refuses the old
 * one at once and closes its connections), an explicit TRACKER_TOKEN wins, and no log line shows it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { CLOSE_ACCESS_KEY_CHANGED } from '../../electron/contract/bridge.js';
import { rest, startServeProcess, type ServeProcess } from './serve-process.js';

const root = mkdtempSync(join(tmpdir(), 'stable-token-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** No TRACKER_TOKEN from the developer's shell: the data folder's token is under test. */
const NO_TOKEN = { TRACKER_TOKEN: '', TRACKER_TOKEN_FILE: '' };

/** Starts, reads the ready line, stops; returns the token and what the server wrote to stderr. */
async function runOnce(dataDir: string, args: string[] = []): Promise<{ token: string; stderr: string }> {
  const s = await startServeProcess({ dataDir, args, env: NO_TOKEN });
  await s.stop();
  return { token: s.token, stderr: s.stderr() };
}

/** Calls one JSON-RPC method on the bridge; resolves with its result and the socket's close code. */
function rpcThenClose(s: ServeProcess, method: string): Promise<{ result: unknown; closeCode: Promise<number> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${s.port}/api/rpc?token=${encodeURIComponent(s.token)}`);
  const closeCode = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: {} })));
    ws.on('message', (data: Buffer) => {
      const reply = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: unknown };
      if (reply.id !== 1) return;
      if (reply.error) reject(new Error(JSON.stringify(reply.error)));
      else resolve({ result: reply.result, closeCode });
    });
  });
}

describe('the app token across launches of npm run serve', () => {
  it('is the same on the second start of one data folder, and never in a log line', async () => {
    const dir = join(root, 'twice');
    const first = await runOnce(dir);
    const second = await runOnce(dir);
    expect(second.token).toBe(first.token);
    expect(first.stderr + second.stderr).not.toContain(first.token);
  }, 120_000);

  it('is replaced by --rotate-token, and the new one is kept', async () => {
    const dir = join(root, 'rotate-flag');
    const first = await runOnce(dir);
    const rotated = await runOnce(dir, ['--rotate-token']);
    expect(rotated.token).not.toBe(first.token);
    expect((await runOnce(dir)).token).toBe(rotated.token);
  }, 120_000);

  it('is rotated by app.rotateToken: the old token is refused at once, its connections closed, the new one kept', async () => {
    const dir = join(root, 'rotate-rpc');
    const s = await startServeProcess({ dataDir: dir, env: NO_TOKEN });
    let fresh = '';
    try {
      const old = s.token;
      const { result, closeCode } = await rpcThenClose(s, 'app.rotateToken');
      fresh = (result as { token: string }).token;
      expect(fresh).not.toBe(old);
      expect((await rest({ base: s.base, token: old }, 'GET', '/api/data-sources')).status).toBe(401);
      expect((await rest({ base: s.base, token: fresh }, 'GET', '/api/data-sources')).status).toBe(200);
      expect(await closeCode).toBe(CLOSE_ACCESS_KEY_CHANGED);
      // The page's key check (GET /api/rpc): 204 for the new key, 401 for the old.
      expect((await fetch(`${s.base}/api/rpc`, { headers: { authorization: `Bearer ${fresh}` } })).status).toBe(204);
      expect((await fetch(`${s.base}/api/rpc`, { headers: { authorization: `Bearer ${old}` } })).status).toBe(401);
      expect(s.stderr()).not.toContain(fresh);
    } finally {
      await s.stop();
    }
    expect((await runOnce(dir)).token).toBe(fresh);
  }, 120_000);

  it('loses to an explicit TRACKER_TOKEN, which cannot be rotated from the app', async () => {
    const dir = join(root, 'explicit');
    const saved = (await runOnce(dir)).token;
    const explicit = 'Explicit-Token_7hQ2xLm9Vb4Rt6Wn3Ks8Pd5Jf1Gc0Za';
    const s = await startServeProcess({ dataDir: dir, token: explicit });
    try {
      expect(s.token).toBe(explicit);
      await expect(rpcThenClose(s, 'app.rotateToken')).rejects.toThrow(/cannot rotate it/);
    } finally {
      await s.stop();
    }
    expect((await runOnce(dir)).token).toBe(saved);
  }, 120_000);
});
