/**
 * Import under load: the hub's latency (GET /api/health, a publisher's ack) while a 100 MB CSV is
 * imported through POST /api/import, beside the same figures with no import in the same run and
 * server process, and the server's peak RSS during that import.
 */
import { once } from 'node:events';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile, type BenchRow, type BenchSuite } from './bench-kit.js';
import {
  createSource,
  openWs,
  point,
  rssOf,
  startServeProcess,
  type ServeProcess,
} from '../reliability/serve-process.js';

const TARGET_BYTES = 100 * 1024 * 1024;
const QUIET_MS = 15_000;
const PROBE_EVERY_MS = 50;

/** The 100 MB CSV (rows of about 2 KB: tags and a long description), generated once and cached. */
async function generatedCsv(): Promise<string> {
  const dir = join(tmpdir(), 'osm-tracker-bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'import-100mb.csv');
  if (existsSync(file)) return file;
  const out = createWriteStream(`${file}.partial`);
  out.write('id,lon,lat,name,kind,speed,heading,operator,description,observed_at\n');
  const words = 'harbour ferry crane dock pier quay buoy lock weir canal basin berth'.split(' ');
  for (let row = 0, bytes = 0; bytes < TARGET_BYTES; row++) {
    const text = Array.from({ length: 260 }, (_, i) => words[(row + i * 7) % words.length]).join(' ');
    const line = `csv-${row},${((row * 7919) % 359_000) / 1000 - 179.5},${((row * 104_729) % 169_000) / 1000 - 84.5},Vehicle ${row},truck,${row % 120},${row % 360},Operator ${row % 97},"${text}, row ${row}",2026-01-01T00:00:00Z\n`;
    bytes += line.length;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  renameSync(`${file}.partial`, file);
  return file;
}

/** Probes health and a publisher's ack every PROBE_EVERY_MS until `until` settles; latencies in ms. */
async function probe(server: ServeProcess, until: Promise<unknown>) {
  const source = await createSource(server, `probe ${Date.now()}`);
  const pub = await openWs(`ws://127.0.0.1:${server.port}/api/ws/data-source/${source.id}/probe`, {
    headers: { authorization: `Bearer ${source.token}` },
  });
  const health: number[] = [];
  const acks: number[] = [];
  let done = false;
  void until.finally(() => (done = true));
  const tick = () => new Promise((r) => setTimeout(r, PROBE_EVERY_MS));
  const healthLoop = (async () => {
    while (!done) {
      const t = performance.now();
      await (await fetch(`${server.base}/api/health`)).arrayBuffer();
      health.push(performance.now() - t);
      await tick();
    }
  })();
  const ackLoop = (async () => {
    for (let i = 0; !done; i++) {
      const t = performance.now();
      const acked = new Promise((resolve) => pub.once('message', resolve));
      pub.send(JSON.stringify(point(`probe-${i % 100}`, i % 180, 0, Date.now())));
      await acked;
      acks.push(performance.now() - t);
      await tick();
    }
  })();
  await Promise.all([until, healthLoop, ackLoop]);
  pub.close();
  return { health, acks };
}

/** POSTs the file to /api/import and resolves when the report arrives; samples the server's RSS. */
function importFile(server: ServeProcess, file: string) {
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssOf(server.child.pid!))), 100);
  const started = performance.now();
  const report = new Promise<{ imported: number; ms: number }>((resolve, reject) => {
    const req = request(`${server.base}/api/import?name=load.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-length': String(statSync(file).size) },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`import answered ${res.statusCode}: ${text.slice(0, 300)}`));
        else
          resolve({ imported: (JSON.parse(text) as { imported: number }).imported, ms: performance.now() - started });
      });
    });
    req.on('error', reject);
    createReadStream(file).pipe(req);
  }).finally(() => clearInterval(sampler));
  return { report, peak: () => peak };
}

export const suite: BenchSuite = {
  name: 'import-under-load',
  async run(): Promise<BenchRow[]> {
    const file = await generatedCsv();
    const dir = mkdtempSync(join(tmpdir(), 'bench-import-load-'));
    const server = await startServeProcess({ dataDir: dir });
    try {
      const idleRss = rssOf(server.child.pid!);
      const quiet = await probe(server, new Promise((r) => setTimeout(r, QUIET_MS)));
      const load = importFile(server, file);
      const busy = await probe(server, load.report);
      const { imported, ms } = await load.report;
      const mb = statSync(file).size / 1024 / 1024;
      const note = `${busy.health.length} health and ${busy.acks.length} ack probes during the import (every ${PROBE_EVERY_MS} ms); baseline: the same probes for ${QUIET_MS / 1000} s with no import, same server`;
      return [
        row(
          'GET /api/health p99 during a 100 MB CSV import',
          percentile(busy.health, 99),
          percentile(quiet.health, 99),
          note,
        ),
        row(
          'publisher ack p99 during a 100 MB CSV import',
          percentile(busy.acks, 99),
          percentile(quiet.acks, 99),
          'one object per message, one in flight',
        ),
        row('GET /api/health max during the import', Math.max(...busy.health), Math.max(...quiet.health)),
        {
          name: 'peak server RSS during a 100 MB CSV import (MB)',
          value: load.peak() / 1024 / 1024,
          baseline: idleRss / 1024 / 1024,
          unit: 'MB',
          higherIsBetter: false,
          note: 'whole server process, run from sources (tsx); baseline: the same process idle before the import',
        },
        {
          name: 'CSV import through POST /api/import (MB/s)',
          value: mb / (ms / 1000),
          baseline: null,
          unit: 'MB/s',
          higherIsBetter: true,
          note: `${imported} rows of ~2 KB, ${mb.toFixed(0)} MB in ${(ms / 1000).toFixed(1)} s while probed; no raw baseline`,
        },
      ];
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

function row(name: string, value: number, baseline: number, note?: string): BenchRow {
  return { name: `${name} (ms)`, value, baseline, unit: 'ms', higherIsBetter: false, ...(note ? { note } : {}) };
}
