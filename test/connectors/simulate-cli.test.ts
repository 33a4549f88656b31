// Done-when: `npm run simulate` against the real headless server fills the database at the rate
// asked (within 10%), and its objects move plausibly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ROOT, startServe, type Json, type ServeProcess } from './serve-process.js';
import { angleDiff, bearing } from '../../electron/core/connectors/simulator/sim-world.js';

function runSimulate(args: string[], token: string): Promise<{ code: number | null; report: Json; stderr: string }> {
  return new Promise((resolve, reject) => {
    // The push token goes in the environment, never on the command line (process list, npm's banner).
    const child = spawn('npm', ['run', '--silent', 'simulate', '--', ...args], {
      cwd: ROOT,
      env: { ...process.env, TRACKER_SOURCE_TOKEN: token },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '{}';
      try {
        resolve({ code, report: JSON.parse(line), stderr: err });
      } catch {
        reject(new Error(`simulate printed no report: ${out} ${err}`));
      }
    });
  });
}

describe('npm run simulate: the push token', () => {
  it('is refused on the command line, with the alternatives and without echoing it', async () => {
    const cli = join(ROOT, 'electron/core/connectors/simulator/simulate-cli.ts');
    const args = [
      '--import',
      'tsx',
      cli,
      '--url',
      'http://127.0.0.1:1',
      '--source',
      's',
      '--token',
      'SEKRET-push-token',
    ];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(out).toContain("Option '--token' is not accepted");
    expect(out).toContain('TRACKER_SOURCE_TOKEN');
    expect(out).not.toContain('SEKRET');
  }, 30_000);
});

describe('npm run simulate: no secret in its output', () => {
  it("leaves a pasted link's ?token= out of its error messages", async () => {
    const cli = join(ROOT, 'electron/core/connectors/simulator/simulate-cli.ts');
    const url = 'ftp://127.0.0.1:8765/?token=SEKRET-app-token';
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--url', url, '--source', 's'], {
      cwd: ROOT,
      env: { ...process.env, TRACKER_SOURCE_TOKEN: 'SEKRET-push-token' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(out).toContain("Option '--url' must use http(s):// or ws(s)://, got 'ftp://127.0.0.1:8765/'.");
    expect(out).not.toContain('SEKRET');
  }, 30_000);
});

describe('npm run simulate against npm run serve', () => {
  let serve: ServeProcess;
  beforeAll(async () => {
    serve = await startServe();
  }, 60_000);
  afterAll(async () => {
    await serve?.stop();
  });

  it('fills the database at the rate asked, with objects that move plausibly', async () => {
    const created = await serve.rest('POST', '/api/data-sources', {
      name: 'Simulated',
      type: 'websocket',
      connection_info: {},
    });
    expect(created.status).toBe(201);
    const { id, token } = created.body as { id: string; token: string };
    const rate = 1000;
    const { code, report, stderr } = await runSimulate(
      [
        '--url',
        serve.base,
        '--source',
        id,
        '--objects',
        '500',
        '--rate',
        String(rate),
        '--duration',
        '5',
        '--seed',
        '3',
        '--quiet',
      ],
      token,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(report).toMatchObject({ event: 'done', errors: 0, last_error: null, rate_asked: rate });
    expect(report.acked).toBe(report.sent);

    const total = (await serve.rest('GET', `/api/objects?source_id=${id}&limit=1`)).body.total;
    expect(total).toBe(500);
    const db = new Database(join(serve.dataDir, 'tracker.db'), { readonly: true, fileMustExist: true });
    const row = db
      .prepare(
        'SELECT count(*) AS n FROM object_positions p JOIN osm_objects o ON o.rowid = p.object_key WHERE o.source_id = ?',
      )
      .get(id) as { n: number };
    db.close();
    // Every acknowledged update is a stored observation, at the rate asked (within 10%).
    expect(row.n).toBe(report.acked);
    const storedRate = row.n / report.elapsed_s;
    expect(
      Math.abs(storedRate - rate) / rate,
      `stored ${storedRate}/s, report ${JSON.stringify(report)}`,
    ).toBeLessThanOrEqual(0.1);

    // Motion: consecutive observations of one aircraft move along their heading at their speed.
    const plane = (
      await serve.rest('GET', `/api/objects?source_id=${id}&filter=${encodeURIComponent('kind=aircraft')}&limit=1`)
    ).body.items[0];
    const items = (await serve.rest('GET', `/api/objects/${plane.id}/history?limit=8`)).body.items as {
      geom: { coordinates: [number, number] };
      tags: Record<string, number>;
      observed_at: string;
    }[];
    expect(items.length).toBeGreaterThanOrEqual(5);
    const ordered = [...items].sort((a, b) => Date.parse(a.observed_at) - Date.parse(b.observed_at));
    for (let i = 1; i < ordered.length; i++) {
      const [a, b] = [ordered[i - 1]!, ordered[i]!];
      const [lon1, lat1] = a.geom.coordinates;
      const [lon2, lat2] = b.geom.coordinates;
      const dist = Math.hypot((lon2 - lon1) * 111_320 * Math.cos((lat1 * Math.PI) / 180), (lat2 - lat1) * 111_320);
      const speed = Number(b.tags['speed']);
      expect(speed).toBeLessThanOrEqual(250);
      expect(Math.abs(dist - speed * (500 / rate))).toBeLessThanOrEqual(speed * 0.05 + 1);
      expect(Math.abs(angleDiff(bearing(lon1, lat1, lon2, lat2), Number(b.tags['heading'])))).toBeLessThan(2);
      expect(Math.abs(angleDiff(Number(b.tags['heading']), Number(a.tags['heading'])))).toBeLessThanOrEqual(
        3 * (500 / rate) + 0.2,
      );
    }
  });
});
