/**
 * GeoJSON export of 1,000,000 objects (features/s, MB/s, peak RSS) beside `ogr2ogr -f GeoJSON`
 * exporting the same rows from a plain SQLite table in the same run (skipped, saying so, where GDAL
 * is absent).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { BenchRow, BenchSuite } from './bench-kit.js';
import { generatedDatabase } from './filter-query.bench.js';

const here = dirname(fileURLToPath(import.meta.url));
const hasGdal = spawnSync('ogr2ogr', ['--version']).status === 0;

/** The same rows as a plain OGR SQLite table (built once with GDAL from a CSV dump, then cached). */
function plainTable(dbPath: string): string {
  const plain = `${dbPath}.plain-ogr.sqlite`;
  if (existsSync(plain)) return plain;
  const csv = `${dbPath}.dump.csv`;
  const db = new Database(dbPath, { readonly: true });
  const lines = ['id,osm_id,type,source_id,observed_at,name,kind,speed,heading,lon,lat'];
  for (const r of db
    .prepare('SELECT id, osm_id, type, source_id, observed_at, tags, min_lon, min_lat FROM osm_objects')
    .iterate() as Iterable<Record<string, string | number>>) {
    const t = JSON.parse(r.tags as string) as Record<string, string | number>;
    lines.push(
      [
        r.id,
        r.osm_id,
        r.type,
        r.source_id,
        new Date(r.observed_at as number).toISOString(),
        t.name,
        t.kind,
        t.speed,
        t.heading,
        r.min_lon,
        r.min_lat,
      ].join(','),
    );
  }
  db.close();
  writeFileSync(csv, lines.join('\n'));
  execFileSync('ogr2ogr', [
    '-f',
    'SQLite',
    plain,
    csv,
    '-nln',
    'objects',
    '-oo',
    'X_POSSIBLE_NAMES=lon',
    '-oo',
    'Y_POSSIBLE_NAMES=lat',
    '-oo',
    'AUTODETECT_TYPE=YES',
    '-a_srs',
    'EPSG:4326',
    '-gt',
    '100000',
  ]);
  rmSync(csv);
  return plain;
}

export const suite: BenchSuite = {
  name: 'export-geojson',
  async run(): Promise<BenchRow[]> {
    const dbPath = await generatedDatabase();
    const out = join(tmpdir(), 'osm-tracker-bench', 'export.geojson');
    const child = spawnSync('npx', ['tsx', join(here, 'export-child.ts'), dbPath, out], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (child.status !== 0) throw new Error(`export child failed: ${child.stderr}`);
    const ours = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as {
      objects: number;
      bytes: number;
      ms: number;
      maxRssMb: number;
    };
    rmSync(out, { force: true });
    const oursRate = ours.objects / (ours.ms / 1000);
    let gdalRate: number | null = null;
    let gdalMbs: number | null = null;
    if (hasGdal) {
      const plain = plainTable(dbPath);
      const gdalOut = join(tmpdir(), 'osm-tracker-bench', 'ogr.geojson');
      rmSync(gdalOut, { force: true });
      const t = performance.now();
      execFileSync('ogr2ogr', ['-f', 'GeoJSON', gdalOut, plain, 'objects']);
      const s = (performance.now() - t) / 1000;
      gdalRate = ours.objects / s;
      gdalMbs = statSync(gdalOut).size / 1e6 / s;
      rmSync(gdalOut, { force: true });
    }
    const note = hasGdal ? undefined : 'GDAL (ogr2ogr) is not installed: no peer figure';
    return [
      {
        name: `GeoJSON export, ${ours.objects} objects (features/s)`,
        value: oursRate,
        baseline: gdalRate,
        unit: 'f/s',
        higherIsBetter: true,
        target: '>= 1.5x ogr2ogr',
        note,
      },
      {
        name: 'GeoJSON export throughput (MB/s)',
        value: ours.bytes / 1e6 / (ours.ms / 1000),
        baseline: gdalMbs,
        unit: 'MB/s',
        higherIsBetter: true,
        note,
      },
      {
        name: 'GeoJSON export peak RSS (MB)',
        value: ours.maxRssMb,
        baseline: null,
        unit: 'MB',
        higherIsBetter: false,
        target: '< 300 MB',
        note: 'whole export process',
      },
    ];
  },
};
