/**
 * OpenStreetMap replication (issue 18 item 3): the apply rate of one hourly-size diff (changes/s)
 * by an `osm_replication` source reading a local replication directory, on a core that imported
 * the extract (`OSM_BENCH_EXTRACT`, default the committed Monaco extract) and holds its node
 * locations, beside Debian's `osmium apply-changes` on the same extract and diff in the same run
 * (skipped with a note when osmium is not installed). No real hourly diff of that area is at hand
 * offline, so the diff is synthesised from the extract (see `synthesiseDiff`): every way gets a
 * new version with a changed tag, 4,000 nodes move, 1,000 tagged nodes are created and 200
 * deleted — about 11,400 changes, the order of an hourly diff of a region (Monaco's own hold tens).
 * The moved nodes change the shape of ways that are members of the extract's relations, so the
 * apply also redraws those relations (161 of them, from the relation→member index the import filled).
 * Also measured: filling the node-location store with the extract's nodes, and the way→node index
 * with its ways, into empty tables: the work each extract import now adds (the import then writes
 * the same rows again).
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { OsmNodeLocation, OsmWayNodes } from '../../db/osm-replication-store.js';
import { validateConnectionInfo } from '../../electron/core/connectors/connection-info.js';
import { sequencePath } from '../../electron/core/connectors/osm-replication/replication-files.js';
import { createCore } from '../../electron/core/create-core.js';
import { readPbf } from '../../electron/core/files/import/osm/pbf-reader.js';
import type { OsmMeta, OsmTags } from '../../electron/core/files/import/osm/osm-model.js';
import { median, type BenchRow, type BenchSuite } from './bench-kit.js';

const here = dirname(fileURLToPath(import.meta.url));
const EXTRACT = process.env.OSM_BENCH_EXTRACT ?? join(here, '..', 'fixtures', 'osm', 'monaco-2026-03-10.osm.pbf');
const RUNS = 3;
const SEQUENCE = 4721;

interface ExtractNode {
  id: number;
  lonE7: number;
  latE7: number;
  tags: OsmTags | null;
  version: number;
}
interface ExtractWay {
  id: number;
  refs: number[];
  tags: OsmTags | null;
  version: number;
}

/** The extract's nodes and ways, and its newest element time. */
async function readExtract(): Promise<{ nodes: ExtractNode[]; ways: ExtractWay[]; time: number }> {
  const nodes: ExtractNode[] = [];
  const ways: ExtractWay[] = [];
  let time = 0;
  const seen = (meta: OsmMeta | null) => (time = Math.max(time, meta?.timestamp ?? 0));
  for await (const _ of readPbf(createReadStream(EXTRACT, { highWaterMark: 1 << 20 }), {
    header: () => undefined,
    node: (id, lonE7, latE7, tags, meta) => {
      seen(meta);
      nodes.push({ id, lonE7, latE7, tags, version: meta?.version ?? 1 });
    },
    way: (id, refs, tags, meta) => {
      seen(meta);
      ways.push({ id, refs: Array.from(refs), tags, version: meta?.version ?? 1 });
    },
    relation: (_id, _m, _t, meta) => void seen(meta),
  }));
  return { nodes, ways, time };
}

const esc = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const tagXml = (tags: OsmTags | null) =>
  Object.entries(tags ?? {})
    .map(([k, v]) => `<tag k="${esc(k)}" v="${esc(v)}"/>`)
    .join('');
const deg = (e7: number) => (e7 / 1e7).toFixed(7);

/** An osmChange of about an hour's edits of the extract (see the header); answers the XML and its change count. */
function synthesiseDiff(x: Awaited<ReturnType<typeof readExtract>>): { xml: string; changes: number } {
  const at = (minute: number) => new Date(x.time + 60_000 * (1 + (minute % 59))).toISOString().replace('.000Z', 'Z');
  const meta = (v: number, i: number) =>
    `version="${v}" timestamp="${at(i)}" uid="${1000 + (i % 50)}" user="bench${i % 50}" changeset="${180_000_000 + (i % 120)}"`;
  const parts: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n<osmChange version="0.6" generator="bench">'];
  let changes = 0;
  const moved = x.nodes.filter((n) => !n.tags).slice(0, 4000);
  parts.push('<modify>');
  for (const [i, n] of moved.entries()) {
    parts.push(`<node id="${n.id}" ${meta(n.version + 1, i)} lat="${deg(n.latE7 + 10)}" lon="${deg(n.lonE7 + 10)}"/>`);
    changes++;
  }
  for (const [i, w] of x.ways.entries()) {
    const tags = { ...(w.tags ?? {}), check_date: '2026-03-11' };
    parts.push(
      `<way id="${w.id}" ${meta(w.version + 1, i)}>${w.refs.map((r) => `<nd ref="${r}"/>`).join('')}${tagXml(tags)}</way>`,
    );
    changes++;
  }
  parts.push('</modify><create>');
  const maxId = x.nodes.reduce((m, n) => Math.max(m, n.id), 0);
  const someNode = x.nodes[Math.floor(x.nodes.length / 2)]!;
  for (let i = 0; i < 1000; i++) {
    parts.push(
      `<node id="${maxId + 1 + i}" ${meta(1, i)} lat="${deg(someNode.latE7 + i * 100)}" lon="${deg(someNode.lonE7 + i * 100)}"><tag k="amenity" v="bench"/></node>`,
    );
    changes++;
  }
  parts.push('</create><delete>');
  for (const [i, n] of x.nodes
    .filter((m) => m.tags)
    .slice(0, 200)
    .entries()) {
    parts.push(`<node id="${n.id}" ${meta(n.version + 1, i)}/>`);
    changes++;
  }
  parts.push('</delete></osmChange>\n');
  return { xml: parts.join('\n'), changes };
}

/** Applies the diff once on a fresh core that imported the extract; answers the apply time (ms) and the fill time. */
async function applyOnce(
  work: string,
  directory: string,
  nodes: OsmNodeLocation[],
  ways: OsmWayNodes[],
): Promise<{ ms: number; fillMs: number; wayFillMs: number; objects: number }> {
  const core = await createCore({ mode: 'test', overrides: { dataDir: work }, keepLogging: true, statsIntervalMs: 0 });
  try {
    const fillStarted = performance.now();
    await core.store.osm.putNodeLocations(nodes);
    const fillMs = performance.now() - fillStarted;
    const wayFillStarted = performance.now();
    await core.store.osm.putWayNodes(ways);
    const wayFillMs = performance.now() - wayFillStarted;
    // The import keeps the extract's node locations too (files-service.ts), as an analyst's would.
    await core.files.importPath(EXTRACT);
    const source = await core.store.createSource({
      name: 'replication bench',
      description: '',
      type: 'osm_replication',
      connectionInfo: validateConnectionInfo('osm_replication', {
        directory,
        area: [7.2, 43.3, 7.7, 43.8],
        start_sequence: SEQUENCE,
      }),
      isActive: true,
      tokenHash: 'x'.repeat(64),
    });
    const started = performance.now();
    await core.connectors.sync(source.id, source);
    while ((await core.store.osm.replicationState(source.id))?.sequence !== SEQUENCE) {
      const status = core.connectors.status(source.id)[0];
      if (status?.state === 'backoff') throw new Error(`the diff was not applied: ${status.last_error}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    const ms = performance.now() - started;
    const objects = await core.store.countObjects({ source_ids: [source.id] });
    return { ms, fillMs, wayFillMs, objects };
  } finally {
    await core.close();
  }
}

/** Runs `osmium apply-changes` on the extract and the diff; answers the wall time (ms). */
function osmiumApply(work: string, diff: string): number {
  const out = join(work, 'osmium-out.osm.pbf');
  const started = performance.now();
  const run = spawnSync('osmium', ['apply-changes', '--overwrite', '-o', out, EXTRACT, diff], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`osmium apply-changes failed: ${run.stderr}`);
  return performance.now() - started;
}

export const suite: BenchSuite = {
  name: 'osm-replication',
  async run(): Promise<BenchRow[]> {
    if (!existsSync(EXTRACT)) throw new Error(`The extract '${EXTRACT}' does not exist (set OSM_BENCH_EXTRACT).`);
    const work = mkdtempSync(join(tmpdir(), 'osm-replication-bench-'));
    try {
      const extract = await readExtract();
      const { xml, changes } = synthesiseDiff(extract);
      const directory = join(work, 'replication');
      const file = join(directory, `${sequencePath(SEQUENCE)}.osc.gz`);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, gzipSync(xml));
      const state = `sequenceNumber=${SEQUENCE}\ntimestamp=${new Date(extract.time + 3_600_000).toISOString().replace('.000Z', 'Z').replace(/:/g, '\\:')}\n`;
      writeFileSync(join(directory, `${sequencePath(SEQUENCE)}.state.txt`), state);
      writeFileSync(join(directory, 'state.txt'), state);
      const nodes = extract.nodes.map((n) => ({ id: n.id, lonE7: n.lonE7, latE7: n.latE7 }));
      const runs = [];
      const ways = extract.ways.map((w) => ({ id: w.id, nodes: w.refs }));
      const refs = ways.reduce((n, w) => n + w.nodes.length, 0);
      for (let i = 0; i < RUNS; i++) runs.push(await applyOnce(join(work, `core-${i}`), directory, nodes, ways));
      const ms = median(runs.map((r) => r.ms));
      const fillMs = median(runs.map((r) => r.fillMs));
      const wayFillMs = median(runs.map((r) => r.wayFillMs));
      const hasOsmium = spawnSync('sh', ['-c', 'command -v osmium']).status === 0;
      const peer = hasOsmium ? median(Array.from({ length: RUNS }, () => osmiumApply(work, file))) : null;
      const diffNote = `${changes.toLocaleString('en')} changes synthesised from the extract (no real hourly diff of it offline): ${extract.ways.length.toLocaleString('en')} ways re-tagged, 4,000 nodes moved, 1,000 created, 200 deleted; ${runs[0]!.objects.toLocaleString('en')} objects stored by the source`;
      return [
        {
          name: 'replication diff apply, hourly-size, through ingest (changes/s)',
          value: changes / (ms / 1000),
          baseline: peer === null ? null : changes / (peer / 1000),
          unit: 'ch/s',
          higherIsBetter: true,
          note: `${diffNote}; ${hasOsmium ? 'peer: osmium apply-changes extract + diff → .osm.pbf (rewrites the whole file)' : 'osmium not installed: no peer'}`,
        },
        {
          name: 'node-location store fill from the extract (nodes/s)',
          value: nodes.length / (fillMs / 1000),
          baseline: null,
          unit: 'n/s',
          higherIsBetter: true,
          note: `${nodes.length.toLocaleString('en')} nodes into an empty table, one transaction (SQLite): what each extract import adds; no raw baseline`,
        },
        {
          name: 'way→node index fill from the extract (node references/s)',
          value: refs / (wayFillMs / 1000),
          baseline: null,
          unit: 'ref/s',
          higherIsBetter: true,
          note: `${ways.length.toLocaleString('en')} ways, ${refs.toLocaleString('en')} node references (${wayFillMs.toFixed(0)} ms) into an empty table, one transaction (SQLite): what each extract import adds besides the node locations; no raw baseline`,
        },
      ];
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};
