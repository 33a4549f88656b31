// The osm_replication connector on real osmChange files laid out as a replication directory:
// osmium-tool's merge-changes test diffs (change1 creates nodes 10–13 and ways 20 and 21, change2
// moves node 11, deletes node 13, creates node 14 and gives way 21 a new version over nodes 12 and
// 14), a deletion of way 21 (test data, see fixtures/SOURCES.md) and pyosmium's example minutely
// diff (a real Osmosis diff of 2016-07-02). Read from a local directory (no network) and from a
// local HTTP server (429, restarts); the store is SQLite here, and both dialects in
// test/db/store-osm-replication.test.ts.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReadStream } from 'node:fs';
import { openStore } from '../../db/open-store.js';
import { createFilesService } from '../../electron/core/files/files-service.js';
import { readPbf } from '../../electron/core/files/import/osm/pbf-reader.js';
import { sequencePath } from '../../electron/core/connectors/osm-replication/replication-files.js';
import { createPgTestDatabase, pgTestUrl } from '../db/store-targets.js';
import { createHarness, waitFor, type Harness } from './harness.js';

const fixtures = join(__dirname, '..', 'fixtures', 'osm-live');
/** The diffs in sequence, with the data time each state file gives. */
const DIFFS = [
  { sequence: 999_998, file: 'osmium-merge-change1.osc', timestamp: '2015-01-01T01:00:00Z' },
  { sequence: 999_999, file: 'osmium-merge-change2.osc', timestamp: '2015-01-01T02:00:00Z' },
  { sequence: 1_000_000, file: 'replication-delete-way-21.osc', timestamp: '2015-01-01T03:00:00Z' },
  { sequence: 1_000_001, file: 'pyosmium-example-test.osc', timestamp: '2016-07-02T21:35:02Z' },
];
const FIRST = DIFFS[0]!.sequence;
const LAST = DIFFS.at(-1)!.sequence;
/** Obrigheim and Šamorín (pyosmium's diff) and osmium-tool's test nodes near 1°E 1–5°N; not its Porto Alegre edits. */
const AREA = [0, 0, 20, 50];

/** A state file as Osmosis writes it (Java properties: colons escaped). */
const stateText = (sequence: number, timestamp: string) =>
  `#${new Date(timestamp).toUTCString()}\nsequenceNumber=${sequence}\ntimestamp=${timestamp.replace(/:/g, '\\:')}\n`;

/** Writes the replication tree up to `head` (state.txt names it). */
function writeTree(dir: string, head: number): void {
  for (const d of DIFFS) {
    if (d.sequence > head) break;
    const base = join(dir, sequencePath(d.sequence));
    mkdirSync(dirname(base), { recursive: true });
    writeFileSync(`${base}.osc.gz`, gzipSync(readFileSync(join(fixtures, d.file))));
    writeFileSync(`${base}.state.txt`, stateText(d.sequence, d.timestamp));
  }
  const top = DIFFS.find((d) => d.sequence === head)!;
  writeFileSync(join(dir, 'state.txt'), stateText(top.sequence, top.timestamp));
}

const pgUrl = pgTestUrl();
/** The store dialects the suite runs on: SQLite, and Postgres when TEST_DATABASE_URL is set. */
const DIALECTS = pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(DIALECTS)('osm_replication connector on %s', (dialect) => {
  let h: Harness;
  let dropDatabase: (() => Promise<void>) | undefined;
  let dir: string;
  let server: http.Server;
  let base: string;
  const seen: Array<{ path: string; agent: string | undefined }> = [];
  /** Answers the next requests of these paths with a 429 first. */
  let limited: Set<string>;

  beforeEach(async () => {
    if (dialect === 'postgres') {
      const db = await createPgTestDatabase(pgUrl!);
      dropDatabase = db.drop;
      h = await createHarness({ openStore: () => openStore(db.url, { dataDir: tmpdir() }) });
    } else h = await createHarness();
    dir = mkdtempSync(join(tmpdir(), 'replication-'));
    seen.length = 0;
    limited = new Set();
    server = http.createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/minute\//, '');
      seen.push({ path, agent: req.headers['user-agent'] });
      if (limited.delete(path)) {
        res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' }).end('Too Many Requests');
        return;
      }
      let body: Buffer;
      try {
        body = readFileSync(join(dir, path));
      } catch {
        res.writeHead(404).end('Not Found');
        return;
      }
      res.writeHead(200).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/minute`;
  });
  afterEach(async () => {
    await h.close();
    await dropDatabase?.();
    dropDatabase = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  const find = (sourceId: string, type: 'node' | 'way' | 'relation', id: string) =>
    h.store.findObjectByKey(sourceId, type, id);
  const applied = (sourceId: string, sequence: number) =>
    waitFor(async () => (await h.store.osm.replicationState(sourceId))?.sequence === sequence, `sequence ${sequence}`);
  /** History rows of every object of the source. */
  const historyRows = async (sourceId: string): Promise<number> => {
    const { items } = await h.store.listObjects({ filter: { source_ids: [sourceId] }, limit: 10_000 });
    let n = 0;
    for (const o of items) n += (await h.store.history(o.id, { limit: 10_000 })).length;
    return n;
  };

  it('applies real diffs from a local directory in sequence: versions as history with users and times, a way drawn from stored node locations, a deletion marked', async () => {
    writeTree(dir, LAST);
    const source = await h.createSource('osm_replication', {
      directory: dir,
      area: AREA,
      interval_ms: 1000,
      start_sequence: FIRST,
    });
    await applied(source.id, LAST);
    await waitFor(
      () => h.runtime.status(source.id)[0]?.answer_summary === `sequence ${LAST}, data as of 2016-07-02T21:35:02Z`,
      'the last sequence in the status',
    );
    // Ways of the real diff whose other nodes were never seen (no extract imported here) are reported.
    expect(h.runtime.status(source.id)[0]).toMatchObject({
      state: 'polling',
      last_error: 'Sequence 1000001: way 43084973: 1 of its 26 nodes are known, too few for a line.',
    });
    expect(await h.store.osm.replicationState(source.id)).toMatchObject({
      sequence: LAST,
      dataTimestamp: Date.parse('2016-07-02T21:35:02Z'),
    });

    // Way 20 (nodes 10, 11, 12; change1) is not in change2, which moves node 11 from (1, 2) to
    // (2, 2): the way→node index finds it, and it is drawn again at the move's time.
    const way20 = await find(source.id, 'way', '20');
    expect(way20?.geom).toEqual({
      type: 'LineString',
      coordinates: [
        [1, 1],
        [2, 2],
        [1, 3],
      ],
    });
    const way20History = await h.store.history(way20!.id, { ascending: true });
    expect(way20History.map((e) => [e.observed_at, e.tags?.['osm:version'], e.geom])).toEqual([
      [
        '2015-01-01T01:00:00.000Z',
        1,
        {
          type: 'LineString',
          coordinates: [
            [1, 1],
            [1, 2],
            [1, 3],
          ],
        },
      ],
      [
        '2015-01-01T02:00:00.000Z',
        1,
        {
          type: 'LineString',
          coordinates: [
            [1, 1],
            [2, 2],
            [1, 3],
          ],
        },
      ],
    ]);
    expect(way20?.tags).toMatchObject({
      foo: 'bar',
      'osm:version': 1,
      'osm:user': 'test',
      'osm:uid': 1,
      'osm:changeset': 1,
    });

    // Way 21: v1 over nodes 12 and 13 (change1), v2 over node 12 — known only from change1, so from
    // the node-location store — and node 14 (change2), then deleted (v3): kept, marked, with history.
    const way21 = (await find(source.id, 'way', '21'))!;
    expect(way21.tags).toMatchObject({
      xyz: 'new',
      'osm:deleted': 'yes',
      'osm:version': 3,
      'osm:user': 'test2',
      'osm:changeset': 3,
    });
    expect(way21.geom).toEqual({
      type: 'LineString',
      coordinates: [
        [1, 3],
        [1, 5],
      ],
    });
    expect(way21.observed_at).toBe('2015-01-01T03:00:00.000Z');
    const history = await h.store.history(way21.id, { ascending: true });
    expect(history.map((e) => [e.observed_at, e.tags?.['osm:version'], e.tags?.['osm:user'], e.tags?.xyz])).toEqual([
      ['2015-01-01T01:00:00.000Z', 1, 'test', 'abc'],
      ['2015-01-01T02:00:00.000Z', 2, 'test', 'new'],
      ['2015-01-01T03:00:00.000Z', 3, 'test2', 'new'],
    ]);
    const changes = await h.store.tagChanges(way21.id, 5);
    expect(changes.map((c) => [c.at, c.set, c.previous])).toEqual([
      [
        '2015-01-01T03:00:00.000Z',
        { 'osm:deleted': 'yes', 'osm:version': 3, 'osm:user': 'test2', 'osm:uid': 2, 'osm:changeset': 3 },
        { 'osm:version': 2, 'osm:user': 'test', 'osm:uid': 1, 'osm:changeset': 2 },
      ],
      [
        '2015-01-01T02:00:00.000Z',
        { xyz: 'new', 'osm:version': 2, 'osm:changeset': 2 },
        { xyz: 'abc', 'osm:version': 1, 'osm:changeset': 1 },
      ],
      expect.anything(),
    ]);

    // pyosmium's real minutely diff: the hotel's new version, by its user at its time.
    const hotel = (await find(source.id, 'node', '911120548'))!;
    expect(hotel.tags).toMatchObject({
      tourism: 'hotel',
      name: 'Hotel-Restaurant Schloss Neuburg',
      'osm:version': 3,
      'osm:user': 'Rongel',
    });
    expect(hotel.observed_at).toBe('2016-07-02T21:34:42.000Z');
    expect(hotel.geom).toEqual({ type: 'Point', coordinates: [9.0952851, 49.3440358] });
    // Outside the area: Porto Alegre's turning circle is not kept.
    expect(await find(source.id, 'node', '3418231860')).toBeUndefined();
    // Node locations: change1's node 12 stays, node 13 was deleted by change2.
    const nodes = await h.store.osm.nodeLocations([12, 13, 14, 3418231860]);
    expect([...nodes]).toEqual([
      [12, [10_000_000, 30_000_000]],
      [14, [10_000_000, 50_000_000]],
    ]);
  });

  it('resumes after a restart without skipping or repeating a diff, and re-applies a diff cut short idempotently', async () => {
    writeTree(dir, DIFFS[1]!.sequence);
    const info = { url: base, area: AREA, interval_ms: 1000, start_sequence: FIRST, contact: 'analyst@example.org' };
    const source = await h.createSource('osm_replication', info);
    await applied(source.id, DIFFS[1]!.sequence);
    await h.updateSource(source.id, { isActive: false });
    const rowsAtStop = await historyRows(source.id);
    // way 20 v1 and redrawn (change2 moves its node 11), way 21 v1 and v2.
    expect(rowsAtStop).toBe(4);

    // Offline while two diffs were published; then the app comes back.
    writeTree(dir, LAST);
    await h.updateSource(source.id, { isActive: true });
    await applied(source.id, LAST);
    const rowsAfter = await historyRows(source.id);
    const objects = await h.countObjects(source.id);

    // A crash after the last diff's changes committed but before its sequence was written: the
    // diff is applied again, and adds no row.
    await h.updateSource(source.id, { isActive: false });
    await h.store.osm.commitDiff({
      sourceId: source.id,
      sequence: LAST - 1,
      dataTimestamp: null,
      nodes: [],
      removedNodes: [],
    });
    await h.updateSource(source.id, { isActive: true });
    await applied(source.id, LAST);
    expect(await historyRows(source.id)).toBe(rowsAfter);
    expect(await h.countObjects(source.id)).toBe(objects);

    // Each diff was read once per apply, none skipped: the three after the stop, plus the re-applied one.
    const reads = seen.filter((r) => r.path.endsWith('.osc.gz')).map((r) => r.path);
    expect(reads).toEqual([...DIFFS.map((d) => `${sequencePath(d.sequence)}.osc.gz`), `${sequencePath(LAST)}.osc.gz`]);
    expect(seen[0]?.agent).toBe('OSM-Object-Tracker (live source osm_replication; contact: analyst@example.org)');
  });

  it('backs off on an HTTP 429 as long as Retry-After says and then catches up', async () => {
    writeTree(dir, LAST);
    limited = new Set([`${sequencePath(DIFFS[2]!.sequence)}.osc.gz`]);
    const source = await h.createSource('osm_replication', {
      url: base,
      area: AREA,
      interval_ms: 60_000,
      start_sequence: FIRST,
      backoff: { initial_ms: 50, max_ms: 5000, factor: 2, jitter: 0 },
    });
    const backoff = await waitFor(
      () => h.statuses.find((s) => s.source_id === source.id && s.state === 'backoff'),
      'backoff after the 429',
    );
    expect(backoff.last_error).toBe(
      `${base} answered HTTP 429 (rate limit) for ${sequencePath(DIFFS[2]!.sequence)}.osc.gz; it asks to wait 1 s.`,
    );
    // The two diffs before it stay applied and remembered; the rest follows after the wait.
    expect((await h.store.osm.replicationState(source.id))?.sequence).toBe(DIFFS[1]!.sequence);
    await applied(source.id, LAST);
    expect(h.runtime.status(source.id)[0]?.state).toBe('polling');
    expect((await find(source.id, 'way', '21'))?.tags['osm:deleted']).toBe('yes');
  });

  it('starts after a given data time (an imported extract’s) by finding the sequence from the state files', async () => {
    writeTree(dir, LAST);
    const source = await h.createSource('osm_replication', {
      url: base,
      area: AREA,
      start_timestamp: '2015-01-01T02:30:00Z',
    });
    await applied(source.id, LAST);
    const reads = seen.filter((r) => r.path.endsWith('.osc.gz')).map((r) => r.path);
    expect(reads).toEqual([`${sequencePath(DIFFS[2]!.sequence)}.osc.gz`, `${sequencePath(LAST)}.osc.gz`]);
    // Way 21 was never stored by this source, so its deletion leaves nothing to mark.
    expect(await find(source.id, 'way', '21')).toBeUndefined();
    expect(await find(source.id, 'node', '911120548')).toBeDefined();
  });

  it('without a start, begins at the current state and applies only what comes after', async () => {
    writeTree(dir, DIFFS[1]!.sequence);
    const source = await h.createSource('osm_replication', { directory: dir, area: AREA, interval_ms: 1000 });
    await applied(source.id, DIFFS[1]!.sequence);
    expect(await h.countObjects(source.id)).toBe(0);
    writeTree(dir, DIFFS[2]!.sequence);
    await applied(source.id, DIFFS[2]!.sequence);
    expect(await h.countObjects(source.id)).toBe(0);
  });

  it('takes its area from a geofence', async () => {
    writeTree(dir, DIFFS[0]!.sequence);
    const fence = await h.store.rules.createGeofence({
      name: 'test nodes',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [0.5, 0.5],
            [1.5, 0.5],
            [1.5, 1.5],
            [0.5, 1.5],
            [0.5, 0.5],
          ],
        ],
      },
      bbox: [0.5, 0.5, 1.5, 1.5],
      objectId: null,
    });
    const source = await h.createSource('osm_replication', { directory: dir, area: fence.id, start_sequence: FIRST });
    await applied(source.id, FIRST);
    // Way 20 starts at node 10 (1, 1), inside; way 21 lies at 1°E 3–4°N, outside.
    expect(await find(source.id, 'way', '20')).toBeDefined();
    expect(await find(source.id, 'way', '21')).toBeUndefined();
    await h.deleteSource(source.id);
    const missing = await h.createSource('osm_replication', { directory: dir, area: 'no-such-fence' });
    const failed = await waitFor(
      () => h.statuses.find((s) => s.source_id === missing.id && s.state === 'backoff'),
      'backoff on the missing geofence',
    );
    expect(failed.last_error).toBe(
      "Field 'connection_info.area' names geofence 'no-such-fence', which does not exist.",
    );
  });

  it('backs off on a damaged diff without skipping it, and goes on once it is replaced', async () => {
    writeTree(dir, DIFFS[1]!.sequence);
    const damaged = join(dir, `${sequencePath(DIFFS[1]!.sequence)}.osc.gz`);
    const good = readFileSync(damaged);
    writeFileSync(damaged, good.subarray(0, 40));
    const source = await h.createSource('osm_replication', {
      directory: dir,
      area: AREA,
      start_sequence: FIRST,
      backoff: { initial_ms: 100, max_ms: 200, factor: 2, jitter: 0 },
    });
    const failed = await waitFor(
      () => h.statuses.find((s) => s.source_id === source.id && s.state === 'backoff'),
      'backoff on the damaged diff',
    );
    expect(failed.last_error).toBe(
      `Sequence ${DIFFS[1]!.sequence} in ${dir} is not a readable osmChange: unexpected end of file.`,
    );
    expect((await h.store.osm.replicationState(source.id))?.sequence).toBe(FIRST);
    writeFileSync(damaged, good);
    await applied(source.id, DIFFS[1]!.sequence);
    expect((await find(source.id, 'way', '21'))?.tags['osm:version']).toBe(2);
  });

  it('says what is missing when the directory has no state.txt', async () => {
    const source = await h.createSource('osm_replication', { directory: join(dir, 'nothing'), area: AREA });
    const failed = await waitFor(
      () => h.statuses.find((s) => s.source_id === source.id && s.state === 'backoff'),
      'backoff without state.txt',
    );
    expect(failed.last_error).toBe(`${join(dir, 'nothing')} has no readable state.txt.`);
  });

  /** The extract's node count, its first tagged way and three tagged nodes in no way, read with our PBF reader. */
  async function readVille(extract: string) {
    let nodes = 0;
    let ways = 0;
    let way: { id: number; refs: number[]; tags: Record<string, string>; version: number } | undefined;
    let building: { id: number; refs: number[] } | undefined;
    const tagged: Array<{ id: number; lon: number; lat: number; tags: Record<string, string>; version: number }> = [];
    const located = new Map<number, { lonE7: number; latE7: number; version: number }>();
    const inWays = new Set<number>();
    for await (const _ of readPbf(createReadStream(extract), {
      header: () => undefined,
      node: (id, lonE7, latE7, tags, meta) => {
        nodes++;
        located.set(id, { lonE7, latE7, version: meta?.version ?? 1 });
        if (tags?.amenity)
          tagged.push({ id, lon: lonE7 / 1e7, lat: latE7 / 1e7, tags: { ...tags }, version: meta?.version ?? 1 });
      },
      way: (id, refs, tags, meta) => {
        ways++;
        for (const r of Array.from(refs)) inWays.add(r);
        if (!way && tags?.highway) way = { id, refs: Array.from(refs), tags: { ...tags }, version: meta?.version ?? 1 };
        else if (!building && tags?.building) building = { id, refs: Array.from(refs) };
      },
      relation: () => undefined,
    }));
    return {
      nodes,
      ways,
      way: way!,
      building: building!,
      tagged: tagged.filter((n) => !inWays.has(n.id)).slice(0, 3),
      located,
    };
  }

  const xmlTags = (tags: Record<string, string>) =>
    Object.entries(tags)
      .map(([k, v]) => `<tag k="${k}" v="${v.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"/>`)
      .join('');

  /** A replication directory holding one diff (sequence 1) with these osmChange blocks. */
  function oneDiff(blocks: string): string {
    const osc = `<?xml version="1.0" encoding="UTF-8"?><osmChange version="0.6">${blocks}</osmChange>`;
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, '000', '000'), { recursive: true });
    writeFileSync(join(tree, '000', '000', '001.osc.gz'), gzipSync(osc));
    writeFileSync(join(tree, 'state.txt'), stateText(1, '2026-03-11T09:00:00Z'));
    return tree;
  }

  it("keeps one object per OSM element: a diff updates, deletes and marks gone the imported extract's objects, drawing ways from its node locations and redrawing the ways of a node it moves", async () => {
    const extract = join(__dirname, '..', 'fixtures', 'osm', 'monaco-ville.osm.pbf');
    const { nodes, ways, way, building, tagged, located } = await readVille(extract);
    const [gone, moved, untagged] = tagged as [(typeof tagged)[0], (typeof tagged)[0], (typeof tagged)[0]];
    const files = createFilesService({ store: h.store, ingest: h.ingest, dataDir: dir });
    const imported = await files.importPath(extract);
    expect(await h.store.osm.countNodeLocations()).toBe(nodes);
    expect(await h.store.osm.countWays()).toBe(ways);
    const before = (await find(imported.source_id, 'way', String(way.id)))!;
    const house = (await find(imported.source_id, 'way', String(building.id)))!;
    // The building's second node moves 10 m north; the building itself is not in the diff.
    const corner = building.refs[1]!;
    const at = located.get(corner)!;
    const movedLat = (at.latE7 + 900) / 1e7;
    const objectsBefore = await h.countObjects(imported.source_id);

    // Test data derived from the extract (see fixtures/SOURCES.md): the way's next version alone
    // (its nodes are not in the diff), a deletion, a tagged node moved far out of the area, one
    // that loses its tags, and a new node.
    const meta = (version: number, minute: number) =>
      `version="${version}" timestamp="2026-03-11T08:${String(minute).padStart(2, '0')}:00Z" uid="1" user="test" changeset="1"`;
    const tree = oneDiff(
      `<modify><way id="${way.id}" ${meta(way.version + 1, 0)}>${way.refs.map((r) => `<nd ref="${r}"/>`).join('')}${xmlTags({ ...way.tags, surface: 'asphalt' })}</way>` +
        `<node id="${moved.id}" ${meta(moved.version + 1, 2)} lat="48.8566" lon="2.3522">${xmlTags(moved.tags)}</node>` +
        `<node id="${untagged.id}" ${meta(untagged.version + 1, 3)} lat="${untagged.lat}" lon="${untagged.lon}"/>` +
        `<node id="${corner}" ${meta(at.version + 1, 5)} lat="${movedLat}" lon="${at.lonE7 / 1e7}"/></modify>` +
        `<create><node id="13400000002" ${meta(1, 4)} lat="43.7312" lon="7.4225"><tag k="amenity" v="bench"/></node></create>` +
        `<delete><node id="${gone.id}" ${meta(gone.version + 1, 1)}/></delete>`,
    );
    const source = await h.createSource('osm_replication', {
      directory: tree,
      area: [7.4, 43.72, 7.44, 43.74],
      start_sequence: 1,
    });
    await applied(source.id, 1);

    // One object per element: the extract's, with the new version in its history; only the
    // element the extract did not hold is the source's own.
    const both = [imported.source_id, source.id];
    for (const [type, id] of [
      ['way', way.id],
      ['node', gone.id],
      ['node', moved.id],
      ['node', untagged.id],
      ['node', 13400000002],
    ] as const)
      expect((await h.store.findObjectsByKeys(both, type, [String(id)])).length, `${type} ${id}`).toBe(1);
    expect(await h.countObjects(source.id)).toBe(1);
    expect(await h.countObjects(imported.source_id)).toBe(objectsBefore);
    expect((await find(source.id, 'node', '13400000002'))?.tags).toMatchObject({ amenity: 'bench', 'osm:version': 1 });

    const after = (await find(imported.source_id, 'way', String(way.id)))!;
    expect(after.id).toBe(before.id);
    expect(after.geom).toEqual(before.geom);
    expect(after.tainted).toBe(false);
    expect(after.tags).toMatchObject({ surface: 'asphalt', 'osm:version': way.version + 1, 'osm:user': 'test' });
    const history = await h.store.history(after.id, { ascending: true });
    expect(history.map((e) => e.tags?.['osm:version'])).toEqual([way.version, way.version + 1]);
    expect(history.at(-1)?.observed_at).toBe('2026-03-11T08:00:00.000Z');

    // Deleted upstream: kept with its last tags, marked.
    const deleted = (await find(imported.source_id, 'node', String(gone.id)))!;
    expect(deleted.tags).toMatchObject({ ...gone.tags, 'osm:deleted': 'yes', 'osm:version': gone.version + 1 });
    expect(deleted.tags['osm:gone']).toBeUndefined();
    // Moved out of the area: marked gone, at its new place.
    const left = (await find(imported.source_id, 'node', String(moved.id)))!;
    expect(left.tags).toMatchObject({ ...moved.tags, 'osm:deleted': 'yes', 'osm:gone': 'left_area' });
    expect(left.geom).toEqual({ type: 'Point', coordinates: [2.3522, 48.8566] });
    // Lost its tags: no object any more, marked gone; its history keeps the tags it had.
    const bare = (await find(imported.source_id, 'node', String(untagged.id)))!;
    expect(bare.tags).toEqual({
      'osm:deleted': 'yes',
      'osm:gone': 'untagged',
      'osm:version': untagged.version + 1,
      'osm:user': 'test',
      'osm:uid': 1,
      'osm:changeset': 1,
    });
    expect((await h.store.history(bare.id, { ascending: true }))[0]?.tags).toMatchObject(untagged.tags);

    // The building whose corner moved is drawn again at the move's time, its tags and version as they were.
    const redrawn = (await find(imported.source_id, 'way', String(building.id)))!;
    const ring = (redrawn.geom as { coordinates: number[][][] }).coordinates[0]!;
    const was = (house.geom as { coordinates: number[][][] }).coordinates[0]!;
    expect(ring).toContainEqual([at.lonE7 / 1e7, movedLat]);
    expect(was).not.toContainEqual([at.lonE7 / 1e7, movedLat]);
    expect(ring.length).toBe(was.length);
    expect(redrawn.tags).toEqual(house.tags);
    expect(redrawn.observed_at).toBe('2026-03-11T08:05:00.000Z');
    const houseHistory = await h.store.history(redrawn.id, { ascending: true });
    expect(houseHistory.map((e) => e.observed_at)).toEqual([house.observed_at, '2026-03-11T08:05:00.000Z']);
    expect(await h.store.osm.nodeLocations([corner])).toEqual(new Map([[corner, [at.lonE7, at.latE7 + 900]]]));

    // Applied again (a crash before the sequence was written): nothing new.
    const rows = await historyRows(imported.source_id);
    await h.updateSource(source.id, { isActive: false });
    await h.store.osm.commitDiff({
      sourceId: source.id,
      sequence: 0,
      dataTimestamp: null,
      nodes: [],
      removedNodes: [],
    });
    await h.updateSource(source.id, { isActive: true });
    await applied(source.id, 1);
    expect(await historyRows(imported.source_id)).toBe(rows);
  });

  /** The node lists (with versions) of these ways of an extract, and every node's location and version. */
  async function readWays(extract: string, ids: number[]) {
    const ways = new Map<number, { refs: number[]; version: number }>();
    const located = new Map<number, { lonE7: number; latE7: number; version: number }>();
    for await (const _ of readPbf(createReadStream(extract), {
      header: () => undefined,
      node: (id, lonE7, latE7, _tags, meta) => void located.set(id, { lonE7, latE7, version: meta?.version ?? 1 }),
      way: (id, refs, _tags, meta) => {
        if (ids.includes(id)) ways.set(id, { refs: Array.from(refs), version: meta?.version ?? 1 });
      },
      relation: () => undefined,
    }));
    return { ways, located };
  }

  /** A (Multi)Polygon's polygons, each a list of rings. */
  const ringsOf = (geom: unknown) => {
    const g = geom as { type: string; coordinates: number[][][] | number[][][][] };
    return (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as number[][][][];
  };
  /** Every position of a geometry. */
  const pointsOf = (geom: unknown): number[][] => {
    const walk = (c: unknown): number[][] =>
      typeof (c as unknown[])[0] === 'number' ? [c as number[]] : (c as unknown[]).flatMap(walk);
    return walk((geom as { coordinates: unknown }).coordinates);
  };

  it("redraws stored relations whose member ways change shape (a moved node, a member way's new node list), with history, keeping an analyst's overrides as overrides", async () => {
    const extract = join(__dirname, '..', 'fixtures', 'osm', 'monaco-ville.osm.pbf');
    // Relation 1484217 (building=retail multipolygon): outer way 104865334 (itself an object,
    // source=Bing), inner way 104865335. Relation 393481 (a school multipolygon): outer way
    // 48825426, inner way 48825427 (untagged, in no other relation).
    const { ways, located } = await readWays(extract, [104865334, 48825427]);
    const outer = ways.get(104865334)!;
    const inner = ways.get(48825427)!;
    const files = createFilesService({ store: h.store, ingest: h.ingest, dataDir: dir });
    const imported = await files.importPath(extract);
    expect(await h.store.osm.countRelations()).toBeGreaterThanOrEqual(10);
    expect((await h.store.osm.relationsOfMembers('way', [104865334])).get(1484217)).toEqual([
      { type: 'way', ref: 104865334, role: 'outer' },
      { type: 'way', ref: 104865335, role: 'inner' },
    ]);
    const retail = (await find(imported.source_id, 'relation', '1484217'))!;
    const school = (await find(imported.source_id, 'relation', '393481'))!;
    const shop = (await find(imported.source_id, 'way', '104865334'))!;
    expect(shop.tags.source).toBe('Bing');

    // Hand edits before the diff: the analyst renames the school and changes the way's source.
    const editedAt = Date.parse('2026-03-11T07:00:00Z');
    await h.ingest.submit(
      [
        {
          op: 'patch',
          objectId: school.id,
          tags: { name: 'École (analyst)' },
          tagsMode: 'merge',
          observedAt: editedAt,
        },
        { op: 'patch', objectId: shop.id, tags: { source: 'survey' }, tagsMode: 'merge', observedAt: editedAt },
      ],
      { channel: 'api' },
    );

    // The outer way's second node moves 10 m north (no way or relation in the diff); the school's
    // inner way gets a new version without its second node.
    const corner = outer.refs[1]!;
    const at = located.get(corner)!;
    const movedLat = (at.latE7 + 900) / 1e7;
    const dropped = inner.refs[1]!;
    const droppedAt = located.get(dropped)!;
    const innerRefs = inner.refs.filter((_, k) => k !== 1);
    const meta = (version: number, minute: number) =>
      `version="${version}" timestamp="2026-03-11T08:${String(minute).padStart(2, '0')}:00Z" uid="1" user="test" changeset="1"`;
    const tree = oneDiff(
      `<modify><node id="${corner}" ${meta(at.version + 1, 5)} lat="${movedLat}" lon="${at.lonE7 / 1e7}"/>` +
        `<way id="48825427" ${meta(inner.version + 1, 7)}>${innerRefs.map((r) => `<nd ref="${r}"/>`).join('')}</way></modify>`,
    );
    const source = await h.createSource('osm_replication', {
      directory: tree,
      area: [7.4, 43.72, 7.44, 43.74],
      start_sequence: 1,
    });
    await applied(source.id, 1);
    expect(h.runtime.status(source.id)[0]?.last_error).toBeNull();

    // The retail building is drawn again at the move's time, its tags and version as they were.
    const movedPoint = [at.lonE7 / 1e7, movedLat];
    const retailAfter = (await find(imported.source_id, 'relation', '1484217'))!;
    expect(pointsOf(retailAfter.geom)).toContainEqual(movedPoint);
    expect(pointsOf(retail.geom)).not.toContainEqual(movedPoint);
    expect(retailAfter.tags).toEqual(retail.tags);
    expect(retailAfter.observed_at).toBe('2026-03-11T08:05:00.000Z');
    const retailHistory = await h.store.history(retailAfter.id, { ascending: true });
    expect(retailHistory.map((e) => e.observed_at)).toEqual([retail.observed_at, '2026-03-11T08:05:00.000Z']);

    // The way redrawn with it keeps the analyst's source as an override, the feed's beside it.
    const shopAfter = (await find(imported.source_id, 'way', '104865334'))!;
    expect(pointsOf(shopAfter.geom)).toContainEqual(movedPoint);
    expect(shopAfter.tags.source).toBe('survey');
    expect(shopAfter.overrides).toEqual({ source: { value: 'survey', feed: 'Bing' } });

    // The school loses its inner ring's node at the inner way's version time; the analyst's name
    // stays an override over the feed's name, and the feed's tags are the extract's.
    const schoolAfter = (await find(imported.source_id, 'relation', '393481'))!;
    const droppedPoint = [droppedAt.lonE7 / 1e7, droppedAt.latE7 / 1e7];
    expect(pointsOf(school.geom)).toContainEqual(droppedPoint);
    expect(pointsOf(schoolAfter.geom)).not.toContainEqual(droppedPoint);
    expect(ringsOf(schoolAfter.geom)[0]![1]!.length).toBe(ringsOf(school.geom)[0]![1]!.length - 1);
    expect(schoolAfter.observed_at).toBe('2026-03-11T08:07:00.000Z');
    expect(schoolAfter.tags).toEqual({ ...school.tags, name: 'École (analyst)' });
    expect(schoolAfter.overrides).toEqual({
      name: { value: 'École (analyst)', feed: 'Pensionnat des Dames de Saint-Maur' },
    });
    const schoolHistory = await h.store.history(schoolAfter.id, { ascending: true });
    expect(schoolHistory.at(-1)?.observed_at).toBe('2026-03-11T08:07:00.000Z');

    // Cleared, the name goes back to the feed's: the redraw never wrote the analyst's into it.
    await h.ingest.submit(
      [{ op: 'patch', objectId: school.id, clearOverrides: ['name'], tagsMode: 'merge', observedAt: Date.now() }],
      { channel: 'api' },
    );
    expect((await find(imported.source_id, 'relation', '393481'))?.tags.name).toBe(
      'Pensionnat des Dames de Saint-Maur',
    );
    // Nothing of the source's own: every change went to the extract's objects.
    expect(await h.countObjects(source.id)).toBe(0);
  });

  it('keeps one object per OSM element when the source ran before the extract was imported: its objects are handed over to the extract’s, history and hand edits with them', async () => {
    const extract = join(__dirname, '..', 'fixtures', 'osm', 'monaco-ville.osm.pbf');
    const { tagged } = await readVille(extract);
    const node = tagged[0]!;
    const meta = (version: number, minute: number) =>
      `version="${version}" timestamp="2026-03-11T08:${String(minute).padStart(2, '0')}:00Z" uid="1" user="test" changeset="1"`;
    // Before any import: the diff's new version of a tagged node of the extract, and a new node.
    const tree = oneDiff(
      `<modify><node id="${node.id}" ${meta(node.version + 1, 0)} lat="${node.lat}" lon="${node.lon}">${xmlTags({ ...node.tags, check_date: '2026-03-11' })}</node></modify>` +
        `<create><node id="13400000002" ${meta(1, 4)} lat="43.7312" lon="7.4225"><tag k="amenity" v="bench"/></node></create>`,
    );
    const source = await h.createSource('osm_replication', {
      directory: tree,
      area: [7.4, 43.72, 7.44, 43.74],
      interval_ms: 1000,
      start_sequence: 1,
    });
    await applied(source.id, 1);
    const own = (await find(source.id, 'node', String(node.id)))!;
    expect(own.tags).toMatchObject({ check_date: '2026-03-11', 'osm:version': node.version + 1 });
    // The analyst notes something on the source's object.
    await h.ingest.submit(
      [{ op: 'patch', objectId: own.id, tags: { note: 'seen on site' }, tagsMode: 'merge', observedAt: Date.now() }],
      { channel: 'api' },
    );

    // Then the (older) extract is imported: for a moment the element has two objects.
    const files = createFilesService({ store: h.store, ingest: h.ingest, dataDir: dir });
    const imported = await files.importPath(extract);
    const both = [imported.source_id, source.id];
    const objectsOf = (id: number | string) => h.store.findObjectsByKeys(both, 'node', [String(id)]);
    // At the source's next look, its object is handed over: one object, the extract's.
    await waitFor(async () => (await objectsOf(node.id)).length === 1, 'one object for the node');
    const [kept] = await objectsOf(node.id);
    expect(kept?.source_id).toBe(imported.source_id);
    // The diff's version is newer than the extract's: it is the current one, the extract's before it.
    expect(kept?.tags).toMatchObject({
      ...node.tags,
      check_date: '2026-03-11',
      'osm:version': node.version + 1,
      'osm:user': 'test',
      note: 'seen on site',
    });
    expect(kept?.overrides).toEqual({ note: { value: 'seen on site', feed: null } });
    const history = await h.store.history(kept!.id, { ascending: true });
    expect(history.map((e) => e.tags?.['osm:version'])).toEqual(
      expect.arrayContaining([node.version, node.version + 1]),
    );
    expect(history.find((e) => e.tags?.['osm:version'] === node.version + 1)?.observed_at).toBe(
      '2026-03-11T08:00:00.000Z',
    );
    // The element the extract does not hold stays the source's.
    expect((await objectsOf(13400000002)).map((o) => o.source_id)).toEqual([source.id]);
    expect(await h.countObjects(source.id)).toBe(1);

    // Later diffs reach the one object.
    await h.updateSource(source.id, { isActive: false });
    const osc = `<?xml version="1.0" encoding="UTF-8"?><osmChange version="0.6"><modify><node id="${node.id}" ${meta(node.version + 2, 30)} lat="${node.lat}" lon="${node.lon}">${xmlTags({ ...node.tags, check_date: '2026-03-12' })}</node></modify></osmChange>`;
    writeFileSync(join(tree, '000', '000', '002.osc.gz'), gzipSync(osc));
    writeFileSync(join(tree, 'state.txt'), stateText(2, '2026-03-11T10:00:00Z'));
    await h.updateSource(source.id, { isActive: true });
    await applied(source.id, 2);
    const after = await objectsOf(node.id);
    expect(after.map((o) => [o.id, o.tags['osm:version'], o.tags.check_date])).toEqual([
      [kept!.id, node.version + 2, '2026-03-12'],
    ]);
  });

  it('updates the objects of OSM extracts only: an element with the same osm_id from a GeoJSON file is not touched', async () => {
    writeTree(dir, FIRST);
    const osmFile = await h.createSource('file', { path: 'area.osm', format: 'osm' }, false);
    const geojsonFile = await h.createSource('file', { path: 'ways.geojson', format: 'geojson' }, false);
    const way20 = (sourceId: string) => ({
      op: 'upsert' as const,
      sourceId,
      type: 'way' as const,
      osmId: '20',
      tags: { foo: 'old' },
      geom: {
        type: 'LineString' as const,
        coordinates: [
          [1, 1],
          [1, 2],
        ],
      },
      observedAt: Date.parse('2014-01-01T00:00:00Z'),
    });
    await h.ingest.submit([way20(osmFile.id), way20(geojsonFile.id)], { channel: 'import' });
    const source = await h.createSource('osm_replication', { directory: dir, area: AREA, start_sequence: FIRST });
    await applied(source.id, FIRST);
    expect((await find(osmFile.id, 'way', '20'))?.tags).toMatchObject({ foo: 'bar', 'osm:version': 1 });
    expect((await find(geojsonFile.id, 'way', '20'))?.tags).toEqual({ foo: 'old' });
    // The replication source holds only what no OSM extract held.
    expect(await find(source.id, 'way', '20')).toBeUndefined();
    expect((await find(source.id, 'way', '21'))?.tags).toMatchObject({ xyz: 'abc' });
  });

  it('refuses bad settings with one sentence naming the field and the value', async () => {
    await expect(h.createSource('osm_replication', { area: AREA })).rejects.toThrow(
      "Field 'connection_info.url' needs exactly one of 'url' (a replication server) or 'directory' (a local folder)",
    );
    await expect(h.createSource('osm_replication', { url: 'ftp://planet', area: AREA })).rejects.toThrow(
      "Field 'connection_info.url' must use http:// or https://, got 'ftp://planet'.",
    );
    await expect(h.createSource('osm_replication', { directory: 'diffs', area: AREA })).rejects.toThrow(
      "Field 'connection_info.directory' must be an absolute path, got 'diffs'.",
    );
    await expect(h.createSource('osm_replication', { directory: '/d', area: [20, 0, 0, 50] })).rejects.toThrow(
      "Field 'connection_info.area' must be [west, south, east, north] with west < east and south < north, got [20,0,0,50].",
    );
    await expect(h.createSource('osm_replication', { directory: '/d', area: 'a b' })).rejects.toThrow(
      "Field 'connection_info.area' must be a geofence id or [west, south, east, north], got 'a b'.",
    );
    await expect(
      h.createSource('osm_replication', { directory: '/d', area: AREA, start_timestamp: 'yesterday' }),
    ).rejects.toThrow(
      "Field 'connection_info.start_timestamp' must be an ISO 8601 time such as '2026-03-10T21:21:21Z', got 'yesterday'.",
    );
  });
});
