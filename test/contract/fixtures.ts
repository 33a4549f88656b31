/** Seeds the core the contract suite runs against: a source, objects with history, MBTiles files. */
import Database from 'better-sqlite3';
import path from 'node:path';
import type { Core } from '../../electron/core/create-core.js';
import type { CallContext } from '../../electron/core/dispatch/dispatcher.js';
import type { Fixtures } from './cases.js';

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** Writes a minimal raster MBTiles file with one tile. */
export function writeMbtiles(file: string): string {
  const db = new Database(file);
  db.exec(
    'CREATE TABLE metadata (name TEXT, value TEXT); CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);',
  );
  const meta = db.prepare('INSERT INTO metadata VALUES (?, ?)');
  for (const [k, v] of Object.entries({
    name: 'contract tiles',
    format: 'png',
    minzoom: '0',
    maxzoom: '1',
    bounds: '-180,-85,180,85',
    attribution: 'test',
  }))
    meta.run(k, v);
  db.prepare('INSERT INTO tiles VALUES (0, 0, 0, ?)').run(PNG);
  db.close();
  return file;
}

const systemCtx: CallContext = {
  clientId: 'fixtures',
  principal: { kind: 'app' },
  push: () => undefined,
  onClose: () => undefined,
};

/** Seeds through the core (not a transport), so both transports see the same data. */
export async function seed(core: Core, dir: string): Promise<Fixtures> {
  const created = await core.dispatcher.dispatch(
    'sources.create',
    { name: 'fixture source', type: 'websocket' },
    systemCtx,
  );
  if (!created.ok) throw new Error(`Seeding failed: ${created.error.message}`);
  const sourceId = (created.result as { id: string }).id;
  const upsert = (osmId: string, name: string, at: string, lon: number) => ({
    op: 'upsert' as const,
    sourceId,
    type: 'node' as const,
    osmId,
    tags: Object.assign(Object.create(null) as Record<string, string | number>, { name, kind: 'ship', speed: 4 }),
    geom: { type: 'Point' as const, coordinates: [lon, 50] },
    observedAt: Date.parse(at),
  });
  const origin = { channel: 'api' as const, sourceId };
  await core.ingest.submit(
    [upsert('fx1', 'fixture one', '2024-01-01T00:00:00Z', 1), upsert('fx2', 'fixture two', '2024-01-01T00:00:00Z', 2)],
    origin,
  );
  const later = await core.ingest.submit([upsert('fx1', 'fixture one', '2024-01-01T01:00:00Z', 1.5)], origin);
  const spares = await core.ingest.submit(
    ['ipc1', 'ipc2', 'ws1', 'ws2'].map((id) => upsert(id, 'spare', '2024-01-02T00:00:00Z', 3)),
    origin,
  );
  const idOf = (r: (typeof spares)[number]): string => {
    if (!('object' in r)) throw new Error('Seeding an object failed.');
    return r.object.id;
  };
  const ids = spares.map(idOf);
  return {
    sourceId,
    objectId: idOf(later[0]!),
    spare: { ipc: [ids[0]!, ids[1]!], ws: [ids[2]!, ids[3]!] },
    mbtiles: { ipc: writeMbtiles(path.join(dir, 'ipc.mbtiles')), ws: writeMbtiles(path.join(dir, 'ws.mbtiles')) },
  };
}
