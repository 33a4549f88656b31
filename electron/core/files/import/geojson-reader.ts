/**
 * Reads GeoJSON in every shape users hand us: a FeatureCollection (streamed feature by feature, so
 * a 100 MB file never sits in memory as one object), a Feature, a bare geometry, and newline-
 * delimited GeoJSON (GeoJSONSeq / RFC 8142 record separators).
 */
import { StringDecoder } from 'node:string_decoder';
import type { ImportInput } from './import-types.js';

/** One parsed top-level GeoJSON value, or the reason it could not be parsed. */
export type GeoJsonItem = { index: number; value: unknown } | { index: number; error: string };

/**
 * Splits a streamed FeatureCollection into the JSON text of each feature, tracking string and
 * nesting state across chunks. Other top-level members are ignored.
 */
export function createFeatureSplitter(
  onFeature: (json: string) => void,
  maxFeatureChars = Infinity,
): { push(text: string): void; end(): void } {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let lastString = '';
  let stringStart = -1;
  let keyPartial = '';
  let pendingKey = '';
  let inFeatures = false;
  let capture = '';
  let capturing = false;
  let sawTopLevel = false;

  function push(text: string): void {
    let start = capturing ? 0 : -1;
    if (inString) stringStart = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92 /* \ */) escaped = true;
        else if (c === 34 /* " */) {
          inString = false;
          if (!capturing && depth === 1) lastString = keyPartial + text.slice(stringStart, i);
          keyPartial = '';
        }
        continue;
      }
      switch (c) {
        case 34: // "
          inString = true;
          stringStart = i + 1;
          if (!capturing && depth === 1) lastString = '';
          break;
        case 58: // :
          if (!capturing && depth === 1) pendingKey = lastString;
          break;
        case 123: // {
          if (depth === 0) sawTopLevel = true;
          if (inFeatures && depth === 2 && !capturing) {
            capturing = true;
            start = i;
          }
          depth++;
          break;
        case 91: // [
          if (depth === 1 && pendingKey === 'features') inFeatures = true;
          depth++;
          break;
        case 125: // }
        case 93: // ]
          depth--;
          if (capturing && depth === 2) {
            onFeature(capture + text.slice(start, i + 1));
            capture = '';
            capturing = false;
            start = -1;
          } else if (inFeatures && depth === 1) inFeatures = false;
          break;
        default:
          break;
      }
    }
    if (capturing) capture += text.slice(Math.max(start, 0));
    if (capture.length > maxFeatureChars) throw new Error(tooLong('a feature', maxFeatureChars));
    else if (inString && depth === 1) keyPartial += text.slice(stringStart);
  }

  function end(): void {
    if (!sawTopLevel) throw new Error('the file holds no JSON object');
    if (depth !== 0 || inString) throw new Error('the JSON ends before the FeatureCollection is closed');
  }
  return { push, end };
}

/** Lines of GeoJSONSeq end with a newline; RFC 8142 records also start with an RS character. */
const RECORD_SPLIT = new RegExp('\\r?\\n|' + String.fromCharCode(0x1e));

const WHOLE_DOCUMENT_LIMIT = 32 * 1024 * 1024;

function tooLong(what: string, max: number): string {
  return `${what} is longer than ${max.toLocaleString('en-US')} characters ('import.maxDocumentBytes')`;
}

/** Yields every top-level GeoJSON value of the input: features of a collection, or NDJSON lines. */
export async function* readGeoJson(
  input: ImportInput,
  options: { sequence?: boolean; maxRecordChars?: number } = {},
): AsyncGenerator<GeoJsonItem> {
  const max = options.maxRecordChars ?? Infinity;
  if (options.sequence) {
    yield* readSequence(input, max);
    return;
  }
  if (input.size <= Math.min(WHOLE_DOCUMENT_LIMIT, max)) {
    const text = await readText(input);
    let doc: unknown;
    try {
      doc = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (err) {
      if (looksLikeSequence(text)) {
        yield* splitLines(text);
        return;
      }
      throw new Error(`the file is not valid JSON (${(err as Error).message})`);
    }
    if (isObject(doc) && doc.type === 'FeatureCollection') {
      if (!Array.isArray(doc.features)) throw new Error("the FeatureCollection has no 'features' array");
      let index = 0;
      for (const feature of doc.features) yield { index: index++, value: feature };
      return;
    }
    yield { index: 0, value: doc };
    return;
  }
  yield* readLargeCollection(input, max);
}

async function* readLargeCollection(input: ImportInput, max: number): AsyncGenerator<GeoJsonItem> {
  const ready: string[] = [];
  const splitter = createFeatureSplitter((json) => ready.push(json), max);
  const decoder = new StringDecoder('utf8');
  let index = 0;
  for await (const chunk of input.stream()) {
    splitter.push(decoder.write(chunk));
    while (ready.length > 0) yield parseItem(index++, ready.shift()!);
  }
  splitter.push(decoder.end());
  splitter.end();
  while (ready.length > 0) yield parseItem(index++, ready.shift()!);
}

async function* readSequence(input: ImportInput, max: number): AsyncGenerator<GeoJsonItem> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let index = 0;
  for await (const chunk of input.stream()) {
    const lines = (rest + decoder.write(chunk)).split(RECORD_SPLIT);
    rest = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) yield parseItem(index++, line);
    if (rest.length > max) throw new Error(tooLong('a line', max));
  }
  rest += decoder.end();
  if (rest.trim()) yield parseItem(index++, rest);
}

function* splitLines(text: string): Generator<GeoJsonItem> {
  let index = 0;
  for (const line of text.split(RECORD_SPLIT)) if (line.trim()) yield parseItem(index++, line);
}

function looksLikeSequence(text: string): boolean {
  const first = text.split(RECORD_SPLIT).find((l) => l.trim());
  if (!first) return false;
  try {
    JSON.parse(first);
    return true;
  } catch {
    return false;
  }
}

function parseItem(index: number, json: string): GeoJsonItem {
  try {
    return { index, value: JSON.parse(json) };
  } catch (err) {
    return { index, error: `it is not valid JSON (${(err as Error).message})` };
  }
}

async function readText(input: ImportInput): Promise<string> {
  const decoder = new StringDecoder('utf8');
  let text = '';
  for await (const chunk of input.stream()) text += decoder.write(chunk);
  return text + decoder.end();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
