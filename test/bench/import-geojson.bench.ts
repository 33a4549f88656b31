/**
 * Import of a ~100 MB GeoJSON FeatureCollection (MB/s, features/s, peak RSS) through the real core
 * (store, ingest, files service), beside a raw baseline in the same run: JSON.parse of the whole
 * file plus plain better-sqlite3 inserts. Each side runs in its own process (import-child.ts).
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow, BenchSuite } from './bench-kit.js';

const here = dirname(fileURLToPath(import.meta.url));
const TARGET_BYTES = 100 * 1024 * 1024;
const KINDS = ['ship', 'car', 'aircraft', 'drone', 'person', 'sensor', 'buoy'];

/** The benchmark file, generated once (deterministic) and cached under the OS temp dir. */
export async function generatedGeojson(): Promise<string> {
  const dir = join(tmpdir(), 'osm-tracker-bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'import-100mb.geojson');
  if (existsSync(file)) return file;
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('{"type":"FeatureCollection","features":[\n');
  let bytes = 0;
  for (let i = 0; bytes < TARGET_BYTES; i++) {
    const lon = ((i * 7919) % 359_000) / 1000 - 179.5;
    const lat = ((i * 104_729) % 169_000) / 1000 - 84.5;
    const f = JSON.stringify({
      type: 'Feature',
      properties: {
        osm_id: `f-${i}`,
        name: `Object ${i}`,
        kind: KINDS[i % KINDS.length],
        speed: (i % 300) / 10,
        heading: i % 360,
        operator: `Operator ${i % 97}`,
        observed_at: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
      },
      geometry: { type: 'Point', coordinates: [Number(lon.toFixed(5)), Number(lat.toFixed(5))] },
    });
    const line = (i ? ',\n' : '') + f;
    bytes += line.length;
    await write(line);
  }
  await write('\n]}\n');
  out.end();
  await once(out, 'close');
  renameSync(partial, file);
  return file;
}

interface ChildResult {
  features: number;
  skipped: number;
  bytes: number;
  ms: number;
  maxRssMb: number;
}

function runChild(mode: 'ours' | 'raw' | 'parse', file: string, target: string): ChildResult {
  const child = spawnSync('npx', ['tsx', join(here, 'import-child.ts'), mode, file, target], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (child.status !== 0) throw new Error(`import child (${mode}) failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as ChildResult;
}

export const suite: BenchSuite = {
  name: 'import-geojson',
  async run(): Promise<BenchRow[]> {
    const file = await generatedGeojson();
    const work = mkdtempSync(join(tmpdir(), 'osm-tracker-import-bench-'));
    try {
      const ours = runChild('ours', file, join(work, 'ours'));
      const raw = runChild('raw', file, join(work, 'raw.sqlite'));
      const parsed = runChild('parse', file, '');
      if (ours.features !== raw.features || ours.skipped !== 0)
        throw new Error(`ours imported ${ours.features} (skipped ${ours.skipped}), the baseline ${raw.features}`);
      const mb = statSync(file).size / 1e6;
      const note = `${ours.features} features, ${mb.toFixed(0)} MB; baseline: JSON.parse + raw better-sqlite3 inserts`;
      return [
        {
          name: 'GeoJSON import, 100 MB (MB/s)',
          value: mb / (ours.ms / 1000),
          baseline: mb / (raw.ms / 1000),
          unit: 'MB/s',
          higherIsBetter: true,
          note,
        },
        {
          name: 'GeoJSON import, 100 MB (features/s)',
          value: ours.features / (ours.ms / 1000),
          baseline: raw.features / (raw.ms / 1000),
          unit: 'f/s',
          higherIsBetter: true,
        },
        {
          name: 'GeoJSON read + validate only, no store (features/s)',
          value: parsed.features / (parsed.ms / 1000),
          baseline: raw.features / (raw.ms / 1000),
          unit: 'f/s',
          higherIsBetter: true,
          note: 'where the time goes: our streamed reader alone',
        },
        {
          name: 'GeoJSON import peak RSS (MB)',
          value: ours.maxRssMb,
          baseline: raw.maxRssMb,
          unit: 'MB',
          higherIsBetter: false,
          note: 'whole process each side',
        },
      ];
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};
