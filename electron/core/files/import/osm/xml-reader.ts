/**
 * OSM XML (API, JOSM, osmium, Overpass XML) read as a stream with the `sax` parser: one element at
 * a time, never a document. Elements deleted in the file (`action="delete"`, `visible="false"`)
 * are left out. Malformed XML fails with the line and column of the first error.
 */
import { StringDecoder } from 'node:string_decoder';
import sax from 'sax';
import type { ObjectType } from '../../../../contract/domain.js';
import { newTags, type OsmMember, type OsmMeta, type OsmSink, type OsmTags } from './osm-model.js';

interface Pending {
  kind: 'node' | 'way' | 'relation';
  id: number;
  lonE7: number;
  latE7: number;
  tags: OsmTags | null;
  meta: OsmMeta | null;
  refs: number[];
  members: OsmMember[];
  deleted: boolean;
}

/** Reads OSM XML text chunks into the sink; yields after each chunk so the caller can drain. */
export async function* readOsmXmlStream(chunks: AsyncIterable<Buffer>, sink: OsmSink): AsyncGenerator<void> {
  const parser = sax.parser(true, { trim: false, position: true });
  let root: string | undefined;
  let current: Pending | undefined;
  let failure: Error | undefined;
  const fail = (message: string) => {
    failure ??= new Error(message);
  };

  parser.onopentag = (tag) => {
    const a = tag.attributes as Record<string, string>;
    if (root === undefined) {
      root = tag.name;
      if (root !== 'osm') return fail(`the file's root element is <${root}>, not <osm>`);
      sink.header(time(a.timestamp));
      return;
    }
    switch (tag.name) {
      case 'meta':
        if (a.osm_base) sink.header(time(a.osm_base));
        return;
      case 'node':
      case 'way':
      case 'relation': {
        const id = Number(a.id);
        if (!Number.isSafeInteger(id))
          return fail(`a <${tag.name}> at line ${parser.line + 1} has id '${a.id}', not an integer`);
        current = {
          kind: tag.name,
          id,
          lonE7: 0,
          latE7: 0,
          tags: null,
          meta: metaOf(a),
          refs: [],
          members: [],
          deleted: a.action === 'delete' || a.visible === 'false',
        };
        if (tag.name === 'node') {
          const lon = Number(a.lon);
          const lat = Number(a.lat);
          if (
            !current.deleted &&
            (a.lon === undefined || a.lat === undefined || !Number.isFinite(lon) || !Number.isFinite(lat))
          )
            return fail(`node ${id} has lon '${a.lon}' and lat '${a.lat}', not numbers`);
          current.lonE7 = Math.round(lon * 1e7);
          current.latE7 = Math.round(lat * 1e7);
        }
        return;
      }
      case 'tag':
        if (current && a.k !== undefined) (current.tags ??= newTags())[a.k] = a.v ?? '';
        return;
      case 'nd':
        if (current) current.refs.push(Number(a.ref));
        return;
      case 'member':
        if (current) {
          const type = a.type as ObjectType;
          if (type !== 'node' && type !== 'way' && type !== 'relation')
            return fail(`relation ${current.id} has a member of type '${a.type}', not node, way or relation`);
          current.members.push({ type, ref: Number(a.ref), role: a.role ?? '' });
        }
        return;
    }
  };
  parser.onclosetag = (name) => {
    if (!current || name !== current.kind) return;
    const e = current;
    current = undefined;
    if (e.deleted) return;
    const meta = e.tags ? e.meta : null;
    if (e.kind === 'node') sink.node(e.id, e.lonE7, e.latE7, e.tags, meta);
    else if (e.kind === 'way') sink.way(e.id, e.refs, e.tags, meta);
    else sink.relation(e.id, e.members, e.tags, meta);
  };
  parser.onerror = (err) => {
    const [what] = err.message.split('\n');
    fail(`the OSM XML file is not well-formed XML at line ${parser.line + 1}, column ${parser.column + 1}: ${what}`);
  };

  const decoder = new StringDecoder('utf8');
  const write = (text: string) => {
    try {
      parser.write(text);
    } catch {
      // onerror has recorded it
    }
    if (failure) throw failure;
  };
  for await (const chunk of chunks) {
    write(decoder.write(chunk));
    yield;
  }
  write(decoder.end());
  try {
    parser.close();
  } catch {
    // onerror has recorded it
  }
  if (failure) throw failure;
  if (root === undefined) throw new Error('the OSM XML file has no root element');
  yield;
}

function time(value: string | undefined): number | undefined {
  const ms = value ? Date.parse(value) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

function metaOf(a: Record<string, string>): OsmMeta {
  const meta: OsmMeta = {};
  const version = Number(a.version);
  const changeset = Number(a.changeset);
  const uid = Number(a.uid);
  if (version > 0) meta.version = version;
  if (changeset > 0) meta.changeset = changeset;
  if (uid > 0) meta.uid = uid;
  if (a.user) meta.user = a.user;
  const timestamp = time(a.timestamp);
  if (timestamp !== undefined) meta.timestamp = timestamp;
  return meta;
}
