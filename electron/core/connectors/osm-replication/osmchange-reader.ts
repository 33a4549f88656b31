/**
 * Reads an osmChange document (`<osmChange>` with `<create>`, `<modify>` and `<delete>` blocks of
 * nodes, ways and relations) from a stream of buffers with the `sax` parser, as the import's OSM
 * XML reader does, into the element shape of the osm_api source (ApiElement), with the action.
 * Deleted elements are kept as versions with `visible: false`. Malformed XML fails with its line.
 */
import { StringDecoder } from 'node:string_decoder';
import sax from 'sax';
import type { ObjectType } from '../../../contract/domain.js';
import type { ApiElement } from '../osm-api/osm-api-elements.js';

export type ChangeAction = 'create' | 'modify' | 'delete';

/** One element version of a diff. */
export interface OsmChange extends ApiElement {
  action: ChangeAction;
}

const TYPES = new Set(['node', 'way', 'relation']);
const ACTIONS = new Set(['create', 'modify', 'delete']);
const num = (v: string | undefined): number | undefined => {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};

/** One element from its attributes; throws one sentence when it has no integer id. */
function element(name: string, a: Record<string, string>, action: ChangeAction, line: number): OsmChange {
  const id = num(a.id);
  if (id === undefined || !Number.isSafeInteger(id))
    throw new Error(`a <${name}> at line ${line} has id '${a.id}', not an integer`);
  const el: OsmChange = {
    action,
    type: name as ObjectType,
    id,
    version: num(a.version) ?? 0,
    visible: action !== 'delete' && a.visible !== 'false',
    tags: Object.create(null) as Record<string, string>,
    nodes: [],
    members: [],
  };
  const ts = a.timestamp === undefined ? NaN : Date.parse(a.timestamp);
  if (Number.isFinite(ts)) el.timestamp = ts;
  const [cs, uid, lat, lon] = [num(a.changeset), num(a.uid), num(a.lat), num(a.lon)];
  if (cs !== undefined) el.changeset = cs;
  if (uid !== undefined) el.uid = uid;
  if (a.user !== undefined) el.user = a.user;
  if (lat !== undefined && lon !== undefined) Object.assign(el, { lat, lon });
  return el;
}

/** Reads the whole diff; resolves with its element versions in document order. */
export async function readOsmChange(chunks: AsyncIterable<Buffer>): Promise<OsmChange[]> {
  const out: OsmChange[] = [];
  const parser = sax.parser(true, { trim: false, position: true });
  let root: string | undefined;
  let action: ChangeAction | undefined;
  let current: OsmChange | undefined;
  let failure: Error | undefined;
  parser.onerror = (err) => {
    failure ??= new Error(`the osmChange is malformed at line ${parser.line + 1} (${err.message.split('\n')[0]})`);
    parser.resume();
  };
  parser.onopentag = (tag) => {
    const a = tag.attributes as Record<string, string>;
    if (root === undefined) {
      root = tag.name;
      if (root !== 'osmChange') failure ??= new Error(`the file's root element is <${root}>, not <osmChange>`);
      return;
    }
    if (ACTIONS.has(tag.name)) action = tag.name as ChangeAction;
    else if (TYPES.has(tag.name) && action) {
      try {
        current = element(tag.name, a, action, parser.line + 1);
        out.push(current);
      } catch (err) {
        failure ??= err as Error;
      }
    } else if (tag.name === 'tag' && current && a.k !== undefined) current.tags[a.k] = a.v ?? '';
    else if (tag.name === 'nd' && current) current.nodes.push(Number(a.ref));
    else if (tag.name === 'member' && current && TYPES.has(a.type ?? '') && num(a.ref) !== undefined)
      current.members.push({ type: a.type as ObjectType, ref: Number(a.ref), role: a.role ?? '' });
  };
  parser.onclosetag = (name) => {
    if (TYPES.has(name)) current = undefined;
    else if (ACTIONS.has(name)) action = undefined;
  };
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    parser.write(decoder.write(chunk));
    if (failure) throw failure;
  }
  parser.write(decoder.end()).close();
  if (failure) throw failure;
  if (root !== 'osmChange') throw new Error('the file holds no <osmChange> document');
  return out;
}
