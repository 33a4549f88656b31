/**
 * The OsmAnd protocol's decoder (docs/adapters/osmand.md): one HTTP request from a phone (a query
 * string in the URL or a form body, or the current Traccar Client's JSON body) → upsert ops for the
 * device, or a refusal with the HTTP status to answer and one sentence. Pure: no sockets, no clock.
 */
import { AppError } from '../../../contract/errors.js';
import type { OsmandDecodeOptions, OsmandDecoded } from './osmand-fields.js';
import { decodeTraccarJson } from './osmand-json.js';
import { decodeQuery } from './osmand-query.js';

export type { OsmandDecodeOptions, OsmandDecoded } from './osmand-fields.js';

/** One request as the listener read it. */
export interface OsmandRequest {
  /** The request target as sent: `/?id=…`, `?id=…` (older clients) or `/any/path?id=…`. */
  target: string;
  contentType?: string;
  body: Buffer;
}

/** Decodes one request; never throws. */
export function decodeOsmand(req: OsmandRequest, options: OsmandDecodeOptions): OsmandDecoded {
  try {
    const query = queryOf(req.target);
    if (query === '' && looksLikeJson(req)) return decodeTraccarJson(req.body.toString('utf8'), options);
    return decodeQuery(new URLSearchParams(query !== '' ? query : req.body.toString('utf8')), options);
  } catch (err) {
    if (err instanceof AppError) return { ok: false, status: 400, reason: err.message };
    throw err;
  }
}

/** The part of the target after `?`; when it is empty the body is read instead, as Traccar does. */
function queryOf(target: string): string {
  const q = target.indexOf('?');
  return q < 0 ? '' : (target.slice(q + 1).split('#')[0] ?? '');
}

function looksLikeJson(req: OsmandRequest): boolean {
  if (req.contentType?.toLowerCase().includes('json')) return true;
  const first = req.body.find((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
  return first === 0x7b || first === 0x5b;
}
