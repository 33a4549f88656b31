/**
 * Committed changes as columns, the form they cross to the rules worker in (evaluator-protocol.ts).
 * Cloning thousands of small objects for postMessage cost the hub's thread about 9 µs per update,
 * about a quarter of its time at full ingest (issue 15's bench); the same changes as a few arrays,
 * typed arrays and dictionaries of repeated strings (sources, tag keys, times) clone at a fraction of
 * that. Strings that differ per change (ids, OSM ids, string tag values) travel as ONE text and their
 * lengths (a structured clone copies an array of strings one string at a time: measured, ids, types
 * and tag values were most of the clone). The worker rebuilds the very objects that were sent:
 * `decodeChanges(encodeChanges(x))` equals `x`.
 */
import {
  OBJECT_TYPES,
  type Geometry,
  type ObjectType,
  type OsmObject,
  type TagOverrides,
  type Tags,
} from '../../contract/domain.js';

/** What `shapes[i]` says of change i. */
const DELETED = 0;
const POINT = 1;
const OTHER = 2;

/** What `tagKinds[k]` says of tag value k: a string (the next in `text`), a number (the next in `tagNumbers`), true, false. */
const STRING = 0;
const NUMBER = 1;
const TRUE = 2;
const FALSE = 3;

const TYPE_CODE = new Map<ObjectType, number>(OBJECT_TYPES.map((t, i) => [t, i]));

/** `tainted` absent, false or true. */
const TAINT_ABSENT = 0;
const TAINT_FALSE = 1;
const TAINT_TRUE = 2;

export interface ChangeColumns {
  /** How many changes. */
  count: number;
  /**
   * Change i's id and OSM id, then its string tag values, in change order, concatenated; `lengths`
   * holds each piece's length in that order. A deletion (`shapes[i]` = 0) has its id alone.
   */
  text: string;
  lengths: Uint32Array;
  shapes: Uint8Array;
  /** Index into OBJECT_TYPES. */
  types: Uint8Array;
  /** Indexes into `strings`: source id, observed_at, created_at, updated_at. */
  sourceAt: Uint32Array;
  observedAt: Uint32Array;
  createdAt: Uint32Array;
  updatedAt: Uint32Array;
  tainted: Uint8Array;
  /** A point's lon, lat at 2i, 2i+1; the other geometries in change order. */
  xy: Float64Array;
  geometries: Geometry[];
  /**
   * Change i's tags: `tagCounts[i]` entries of `tagKeys` (indexes into `strings`); value k is told by
   * `tagKinds[k]` (the next string in `text`, or the next of `tagNumbers`, or a boolean).
   */
  tagCounts: Uint32Array;
  tagKeys: Uint32Array;
  tagKinds: Uint8Array;
  tagNumbers: Float64Array;
  /** The hand-edit overrides of the few objects that have them, by change index. */
  overrides: [number, TagOverrides][];
  /** Every repeated string once. */
  strings: string[];
}

/** Encodes changes in order: an object, or the id of a deleted one. */
export function encodeChanges(changes: readonly (OsmObject | string)[]): ChangeColumns {
  const n = changes.length;
  const strings: string[] = [];
  const index = new Map<string, number>();
  // Neighbouring changes mostly repeat a string in the same place (one source, one batch time, one
  // publisher's tag keys in one order): each place remembers its last string, so a repeat costs one
  // comparison instead of a hash lookup.
  const lastString: (string | undefined)[] = [];
  const lastIndex: number[] = [];
  const intern = (s: string, place: number): number => {
    if (lastString[place] === s) return lastIndex[place]!;
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    lastString[place] = s;
    lastIndex[place] = i;
    return i;
  };
  const pieces: string[] = [];
  const lengths: number[] = [];
  const piece = (text: string) => {
    pieces.push(text);
    lengths.push(text.length);
  };
  const c: ChangeColumns = {
    count: n,
    text: '',
    lengths: new Uint32Array(0),
    shapes: new Uint8Array(n),
    types: new Uint8Array(n),
    sourceAt: new Uint32Array(n),
    observedAt: new Uint32Array(n),
    createdAt: new Uint32Array(n),
    updatedAt: new Uint32Array(n),
    tainted: new Uint8Array(n),
    xy: new Float64Array(2 * n),
    geometries: [],
    tagCounts: new Uint32Array(n),
    tagKeys: new Uint32Array(0),
    tagKinds: new Uint8Array(0),
    tagNumbers: new Float64Array(0),
    overrides: [],
    strings,
  };
  const keys: number[] = [];
  const kinds: number[] = [];
  const numbers: number[] = [];
  for (let i = 0; i < n; i++) {
    const change = changes[i]!;
    if (typeof change === 'string') {
      piece(change);
      continue;
    }
    piece(change.id);
    piece(change.osm_id);
    c.types[i] = TYPE_CODE.get(change.type)!;
    c.sourceAt[i] = intern(change.source_id, 0);
    c.observedAt[i] = intern(change.observed_at, 1);
    c.createdAt[i] = intern(change.created_at, 2);
    c.updatedAt[i] = intern(change.updated_at, 3);
    c.tainted[i] = change.tainted === undefined ? TAINT_ABSENT : change.tainted ? TAINT_TRUE : TAINT_FALSE;
    const g = change.geom;
    if (g.type === 'Point' && g.coordinates.length === 2) {
      c.shapes[i] = POINT;
      c.xy[2 * i] = g.coordinates[0]!;
      c.xy[2 * i + 1] = g.coordinates[1]!;
    } else {
      c.shapes[i] = OTHER;
      c.geometries.push(g);
    }
    let count = 0;
    for (const key in change.tags) {
      keys.push(intern(key, 4 + count));
      const value = change.tags[key]!;
      if (typeof value === 'string') {
        kinds.push(STRING);
        piece(value);
      } else if (typeof value === 'number') {
        kinds.push(NUMBER);
        numbers.push(value);
      } else {
        kinds.push(value ? TRUE : FALSE);
      }
      count++;
    }
    c.tagCounts[i] = count;
    if (change.overrides) c.overrides.push([i, change.overrides]);
  }
  c.text = pieces.join('');
  c.lengths = Uint32Array.from(lengths);
  c.tagKeys = Uint32Array.from(keys);
  c.tagKinds = Uint8Array.from(kinds);
  c.tagNumbers = Float64Array.from(numbers);
  return c;
}

/** The changes `encodeChanges` was given (tags as null-prototype objects, as ingest makes them). */
export function decodeChanges(c: ChangeColumns): (OsmObject | string)[] {
  const n = c.count;
  const out = new Array<OsmObject | string>(n);
  const overrides = new Map(c.overrides);
  const s = c.strings;
  const { text, lengths } = c;
  let at = 0;
  let p = 0;
  const next = (): string => {
    const start = at;
    at += lengths[p++]!;
    return text.slice(start, at);
  };
  let other = 0;
  let tag = 0;
  let number = 0;
  for (let i = 0; i < n; i++) {
    const shape = c.shapes[i];
    const id = next();
    if (shape === DELETED) {
      out[i] = id;
      continue;
    }
    const osmId = next();
    const tags = Object.create(null) as Tags;
    for (const end = tag + c.tagCounts[i]!; tag < end; tag++) {
      const kind = c.tagKinds[tag];
      tags[s[c.tagKeys[tag]!]!] = kind === STRING ? next() : kind === NUMBER ? c.tagNumbers[number++]! : kind === TRUE;
    }
    const geom: Geometry =
      shape === POINT ? { type: 'Point', coordinates: [c.xy[2 * i]!, c.xy[2 * i + 1]!] } : c.geometries[other++]!;
    const object: OsmObject = {
      id,
      osm_id: osmId,
      type: OBJECT_TYPES[c.types[i]!]!,
      tags,
      geom,
      source_id: s[c.sourceAt[i]!]!,
      observed_at: s[c.observedAt[i]!]!,
      created_at: s[c.createdAt[i]!]!,
      updated_at: s[c.updatedAt[i]!]!,
    };
    const taint = c.tainted[i];
    if (taint !== TAINT_ABSENT) object.tainted = taint === TAINT_TRUE;
    const edited = overrides.get(i);
    if (edited) object.overrides = edited;
    out[i] = object;
  }
  return out;
}
