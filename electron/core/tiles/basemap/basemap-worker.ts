/**
 * Worker-thread entry of a basemap build: streams the extract through the OSM reader into the
 * builder and reports progress, so the hub's thread never parses an extract or cuts a tile.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { readOsmFeatures } from '../../files/import/osm/read-osm.js';
import { buildBasemap } from './build-basemap.js';
import { readExtractBounds } from './extract-bounds.js';
import type { BasemapWorkerData, FromBasemapWorker } from './basemap-worker-protocol.js';
import type { OsmFeature } from './openmaptiles-layers.js';

const port = parentPort;
if (!port) throw new Error('basemap-worker.ts must run in a worker thread.');
const data = workerData as BasemapWorkerData;
const send = (msg: FromBasemapWorker) => port.postMessage(msg);

async function run(): Promise<void> {
  let skipped = 0;
  const input = { name: basename(data.extractPath), stream: () => createReadStream(data.extractPath) };
  const features = readOsmFeatures(input, {
    maxDocumentBytes: data.maxDocumentBytes,
    onSkip: () => skipped++,
  }) as AsyncIterable<OsmFeature>;
  const result = await buildBasemap(features, {
    outPath: data.outPath,
    name: data.name,
    origin: data.extractPath,
    ...(data.bbox ? { bbox: data.bbox } : {}),
    extractBounds: await readExtractBounds(data.extractPath),
    onProgress: (p) => send({ type: 'progress', ...p }),
    onNote: (message) => send({ type: 'note', message }),
  });
  send({ type: 'done', result, skipped });
}

run().catch((err: Error) => send({ type: 'failed', message: err.message }));
