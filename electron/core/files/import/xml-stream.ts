/**
 * Streamed XML for the GPX and KML readers: a strict sax parser fed text chunks that captures
 * chosen elements (a feature, a shared style) as small XML fragments with the namespaces in scope,
 * so memory is bounded by the largest one, not by the file. Malformed XML fails with its line and
 * column; an element or a single token over the limit fails with a sentence naming it.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import sax from 'sax';
import type { ImportInput } from './import-types.js';

/** An open element: its qualified name and attributes. */
export interface XmlTag {
  name: string;
  attrs: Record<string, string>;
}

/** One captured element, serialized, with the document around it. */
export interface Fragment extends XmlTag {
  /** The element as XML. */
  xml: string;
  /** Where its content starts in `xml` (after the start tag). */
  inner: number;
  parent: XmlTag | undefined;
  /** A document around it: the root's start tag (all its attributes) and the namespaces in scope. */
  before: string;
  after: string;
}

/** What a scan captures and which events it reports. */
export interface XmlScan {
  /** 'GPX' or 'KML', for messages. */
  what: string;
  /** The root element the document must have. */
  root: string;
  /** Longest captured element, and longest single token (text, comment, attribute), in characters. */
  maxChars: number;
  /**
   * Whether to capture this element: 'keep' serializes it to `fragment`, 'measure' only checks its
   * size. `inside` lists the names of the captures already open around it.
   */
  capture(tag: XmlTag, parent: XmlTag | undefined, inside: string[]): 'keep' | 'measure' | false;
  fragment?(f: Fragment): void;
  /** Every start tag, with the captures open around it (itself included). */
  open?(tag: XmlTag, inside: string[]): void;
  close?(name: string): void;
  /** Text and CDATA content, wherever it is. */
  text?(text: string): void;
}

interface Capture {
  tag: XmlTag;
  keep: boolean;
  start: number;
  line: number;
  column: number;
  xml: string;
  inner: number;
  parent: XmlTag | undefined;
  scope: string;
}

/** Deeper nesting than this is refused: GPX and KML never come close, and the stack stays small. */
const MAX_DEPTH = 1000;
/** The element that carries namespaces declared below the root into a fragment's document. */
const SCOPE = 'tracker-scope';
/** sax's own buffers, checked against the limit after each chunk (see scanXml). */
const SAX_BUFFERS = ['comment', 'textNode', 'cdata', 'attribValue', 'attribName', 'tagName', 'doctype', 'sgmlDecl'];

/**
 * Parses the chunks, calling the scan's hooks; yields after each chunk so the caller can hand on
 * what the hooks produced. Throws one sentence on malformed XML or an element over the limit.
 */
export async function* scanXml(chunks: AsyncIterable<string>, scan: XmlScan): AsyncGenerator<void> {
  // XML's five entities only, as the DOM parser of a whole document accepts (typed options lack it).
  const parser = sax.parser(true, { strictEntities: true } as sax.SAXOptions);
  // sax refuses any buffer over 64 KiB (a long comment, a long attribute); the limit here is the
  // scan's, checked after each chunk instead.
  (parser as unknown as { bufferCheckPosition: number }).bufferCheckPosition = Infinity;
  const stack: XmlTag[] = [];
  const captures: Capture[] = [];
  let rootTag = '';
  const where = () => `line ${parser.line + 1}, column ${parser.column}`;

  parser.onerror = (err) => {
    throw new Error(
      `the ${scan.what} file is not well-formed XML: ${lowerFirst(err.message.split('\n')[0]!)} at ${where()}`,
    );
  };
  parser.onopentag = (node) => {
    const tag: XmlTag = { name: node.name, attrs: node.attributes as Record<string, string> };
    if (stack.length === 0) {
      if (tag.name !== scan.root) throw new Error(`the file's root element is <${tag.name}>, not <${scan.root}>`);
      rootTag = startTag(tag);
    }
    if (stack.length >= MAX_DEPTH) throw new Error(`its elements nest deeper than ${MAX_DEPTH} levels at ${where()}`);
    const inside = captures.map((c) => c.tag.name);
    const mode = stack.length === 0 ? false : scan.capture(tag, stack.at(-1), inside);
    const start = startTag(tag);
    for (const c of captures) if (c.keep) c.xml += start;
    if (mode) {
      const begin = parser.startTagPosition - 1;
      captures.push({
        tag,
        keep: mode === 'keep',
        start: begin,
        line: parser.line + 1,
        column: Math.max(1, parser.column - (parser.position - begin) + 1),
        xml: start,
        inner: start.length,
        parent: stack.at(-1),
        scope: scopeOf(stack),
      });
      inside.push(tag.name);
    }
    stack.push(tag);
    scan.open?.(tag, inside);
  };
  parser.onclosetag = (name) => {
    const tag = stack.pop();
    for (const c of captures) if (c.keep) c.xml += `</${name}>`;
    scan.close?.(name);
    const c = captures.at(-1);
    if (c && c.tag === tag) {
      captures.pop();
      checkSize(c);
      if (c.keep) {
        const { xml, inner, parent, scope } = c;
        const after = `${scope ? `</${SCOPE}>` : ''}</${scan.root}>`;
        scan.fragment?.({ ...c.tag, xml, inner, parent, before: `${rootTag}${scope}`, after });
      }
    }
  };
  parser.ontext = (text) => {
    for (const c of captures) if (c.keep) c.xml += escapeText(text);
    scan.text?.(text);
  };
  parser.onopencdata = () => {
    for (const c of captures) if (c.keep) c.xml += '<![CDATA[';
  };
  parser.oncdata = (text) => {
    for (const c of captures) if (c.keep) c.xml += text;
    scan.text?.(text);
  };
  parser.onclosecdata = () => {
    for (const c of captures) if (c.keep) c.xml += ']]>';
  };
  const checkSize = (c: Capture) => {
    if (parser.position - c.start > scan.maxChars) {
      throw new Error(
        `the <${c.tag.name}> at line ${c.line}, column ${c.column} is longer than ${scan.maxChars.toLocaleString('en-US')} characters, the limit for one element ('import.maxDocumentBytes')`,
      );
    }
  };

  for await (const chunk of chunks) {
    parser.write(chunk);
    for (const c of captures) checkSize(c);
    for (const buffer of SAX_BUFFERS) {
      const size = ((parser as unknown as Record<string, string>)[buffer] ?? '').length;
      if (size > scan.maxChars)
        throw new Error(
          `it holds a ${buffer === 'textNode' ? 'text' : buffer} longer than ${scan.maxChars.toLocaleString('en-US')} characters at ${where()} ('import.maxDocumentBytes')`,
        );
    }
    yield;
  }
  parser.close();
  if (!rootTag) throw new Error(`the ${scan.what} file is not well-formed XML: it has no root element`);
}

/** The namespace declarations of the open elements below the root, as one scope element. */
function scopeOf(stack: XmlTag[]): string {
  const ns: Record<string, string> = {};
  for (const tag of stack.slice(1)) {
    for (const [key, value] of Object.entries(tag.attrs))
      if (key === 'xmlns' || key.startsWith('xmlns:')) ns[key] = value;
  }
  return Object.keys(ns).length === 0 ? '' : startTag({ name: SCOPE, attrs: ns });
}

/** A start tag with its attributes, escaped. */
export function startTag(tag: XmlTag): string {
  let out = `<${tag.name}`;
  for (const [key, value] of Object.entries(tag.attrs)) out += ` ${key}="${escapeAttr(value)}"`;
  return `${out}>`;
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;');
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** UTF-8 text of byte chunks, decoded across chunk boundaries. */
export async function* decodeUtf8(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) yield decoder.write(chunk);
  yield decoder.end();
}

/**
 * Runs a two-pass reader on an input that streams once: the first pass's bytes are copied to a
 * private temporary file (0600, removed at the end), and later passes read that copy.
 */
export async function* replayed<T>(
  input: ImportInput,
  read: (open: () => AsyncIterable<string>) => AsyncIterable<T>,
): AsyncGenerator<T> {
  const dir = await mkdtemp(join(tmpdir(), 'tracker-import-'));
  const copy = join(dir, 'input');
  let passes = 0;
  async function* first(): AsyncGenerator<Buffer> {
    const file = await open(copy, 'wx', 0o600);
    try {
      for await (const chunk of input.stream()) {
        await file.write(chunk);
        yield chunk;
      }
    } finally {
      await file.close();
    }
  }
  const openText = () => decodeUtf8(passes++ === 0 ? first() : createReadStream(copy, { highWaterMark: 64 * 1024 }));
  try {
    yield* read(openText);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
