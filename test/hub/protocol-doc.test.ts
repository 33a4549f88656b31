/**
 * docs/protocol.md's examples work when pasted: every ```sh block runs under bash and every ```js
 * block under node against a real server; every ```json block parses.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, createSource, rest, startServeProcess, type ServeProcess } from '../reliability/serve-process.js';

const run = promisify(execFile);
const doc = readFileSync(join(ROOT, 'docs/protocol.md'), 'utf8');
const blocks = [...doc.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, code: m[2]! }));
const TOKEN = 'doc-app-token-abcdefghijklmnopq';
/** What each Node example prints when it worked (the replay: the seeded ship's two moves, then the end). */
const OUTPUT: Record<string, RegExp> = {
  publisher: /stored: 1 object and a batch of 100/,
  subscriber: /snapshot complete: \d+ ships/,
  replay:
    /2026-03-10T08:1\d:\d\d\.\d{3}Z: 1 moved\n(.*\n)*2026-03-10T08:2\d:\d\d\.\d{3}Z: 1 moved\nreplay ended at 2026-03-10T08:30:00\.000Z, ships: 1\n$/,
};

let server: ServeProcess;
let dataDir: string;
let env: Record<string, string>;
/** Blocks run in their own folder, so files they write (an example CSV) never land in the repo. */
let workDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hub-doc-'));
  workDir = mkdtempSync(join(tmpdir(), 'hub-doc-work-'));
  server = await startServeProcess({ dataDir, token: TOKEN });
  const source = await createSource(server, 'doc source');
  const pushed = await rest(
    { base: server.base, token: source.token },
    'POST',
    `/api/data-sources/${source.id}/objects`,
    {
      osm_id: 'doc-1',
      type: 'node',
      tags: { kind: 'ship', name: 'Doc', speed: 7 },
      geom: { type: 'Point', coordinates: [4.4, 51.9] },
    },
  );
  expect(pushed.status).toBe(200);
  // A ship with two positions, for the track and time-window examples (the examples delete OBJECT_ID).
  const track: string[] = [];
  for (const [at, lon] of [
    ['2026-03-10T08:10:00Z', 4.41],
    ['2026-03-10T08:20:00Z', 4.42],
  ] as const) {
    const res = await rest(
      { base: server.base, token: source.token },
      'POST',
      `/api/data-sources/${source.id}/objects`,
      {
        osm_id: 'doc-track',
        type: 'node',
        tags: { kind: 'ship', name: 'Doc track', speed: 7 },
        geom: { type: 'Point', coordinates: [lon, 51.9] },
        observed_at: at,
      },
    );
    expect(res.status).toBe(200);
    track.push(res.body.object_ids[0]);
  }
  env = {
    ...(process.env as Record<string, string>),
    HUB: server.base,
    TOKEN,
    SOURCE_ID: source.id,
    SOURCE_TOKEN: source.token,
    OBJECT_ID: pushed.body.object_ids[0],
    TRACK_ID: track[0]!,
  };
}, 90_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(workDir, { recursive: true, force: true });
});

describe('docs/protocol.md examples', () => {
  it('has curl, Node publisher, subscriber and replay examples', () => {
    expect(blocks.filter((b) => b.lang === 'sh').length).toBeGreaterThanOrEqual(5);
    expect(blocks.filter((b) => b.lang === 'js').map((b) => /^\/\/ (\w+)\.mjs/.exec(b.code)?.[1])).toEqual([
      'publisher',
      'subscriber',
      'replay',
    ]);
  });

  it('every json block parses', () => {
    for (const b of blocks.filter((x) => x.lang === 'json'))
      expect(() => JSON.parse(b.code.replace(/…/g, '')), b.code).not.toThrow();
  });

  it.each(blocks.filter((b) => b.lang === 'sh').map((b, i) => [i, b.code] as const))(
    'sh block %i runs',
    async (_i, code) => {
      const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', code], { env, cwd: workDir, timeout: 30_000 });
      // Blocks that print statuses say which in a trailing comment; the statuses must match.
      const expected = [...code.matchAll(/#\s*(\d{3})\b/g)].map((m) => m[1]);
      if (expected.length) expect(stdout.trim().split('\n')).toEqual(expected);
      else expect(stdout.length).toBeGreaterThan(0);
    },
  );

  it('the rules and alerts examples raised an alert, acknowledged it and exported it', async () => {
    const alerts = await rest({ base: server.base, token: TOKEN }, 'GET', '/api/alerts');
    expect(alerts.body).toMatchObject({ total: 1, unacknowledged: 0 });
    expect(alerts.body.items[0]).toMatchObject({
      rule_name: 'Ships entering the harbour',
      trigger: 'enter',
      position: [4.5, 51.9],
      acknowledged: true,
    });
    expect(alerts.body.items[0].message).toMatch(/^Pilot 9 entered Harbour zone at /);
    const csv = readFileSync(join(workDir, 'alerts.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toBe(
      'id,raised_at,observed_at,rule_id,rule_name,trigger,object_ids,geofence_id,lon,lat,message,acknowledged',
    );
    expect(csv[1]).toContain(',Ships entering the harbour,enter,');
  });

  it.each(blocks.filter((b) => b.lang === 'js').map((b) => [/^\/\/ (\w+)\.mjs/.exec(b.code)![1]!, b.code] as const))(
    '%s.mjs runs',
    async (name, code) => {
      const dir = join(ROOT, 'test-output', 'protocol-doc');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${name}.mjs`);
      writeFileSync(file, code);
      const { stdout, stderr } = await run(process.execPath, [file], { env, timeout: 30_000 });
      expect(stderr).toBe('');
      expect(stdout).toMatch(OUTPUT[name]!);
    },
  );
});
