/**
 * Which connection-info values are secrets ("slots"): header values named like credentials, a URL's
 * password and token-like query values, any string field named like password/secret/token/apiKey,
 * and a string subscribe_message that mentions one. `mapSecrets` rewrites each slot, nothing else.
 */
import { CREDENTIAL_MASK } from '../../contract/connection-info.js';
import { isSealed } from './secret-box.js';

/** Names that mark a value as a credential (keys, header names, query parameter names). */
const SECRET_NAME =
  /pass(word|wd|phrase)?|secret|token|api[-_]?key|auth|credential|cookie|session|signature|private[-_]?key|access[-_]?key/i;
/** Query parameters that carry credentials under short names. */
const SECRET_QUERY = /^(key|sig|code|pwd)$/i;
/** Fields whose values are never secrets (paths into a feed's JSON). */
const NEVER_SECRET = new Set(['mapping', 'backoff', 'bbox', 'kinds']);
/** Deepest nesting walked for named fields; stored settings are depth-limited well below this. */
const MAX_DEPTH = 64;

/** Rewrites one secret value; `slot` names it stably (e.g. `headers.authorization`, `url#password`, `url?token`). */
export type SlotMapper = (value: string, slot: string) => string;

/** True when `name` (a key, header or query parameter) names a credential. */
function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** A copy of `info` with every secret slot passed through `fn`; other values are kept as they are. */
export function mapSecrets(info: Record<string, unknown>, fn: SlotMapper): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(info)) {
    if (key === 'url' && typeof value === 'string') out[key] = mapUrlSecrets(value, fn);
    else if (key === 'headers' && isRecord(value)) out[key] = mapHeaders(value, fn);
    else if (key === 'subscribe_message' && typeof value === 'string') {
      out[key] = isSecretName(value) || isSealed(value) || value === MASK ? fn(value, key) : value;
    } else out[key] = mapNamed(key, value, key, fn, 1);
  }
  return out;
}

/** Every secret slot's value, by slot name. */
export function collectSecrets(info: Record<string, unknown>): Map<string, string> {
  const found = new Map<string, string>();
  mapSecrets(info, (value, slot) => {
    found.set(slot, value);
    return value;
  });
  return found;
}

/** The one masked form of a secret value in answers (REST, RPC, the UI). */
export const MASK = CREDENTIAL_MASK;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function mapHeaders(headers: Record<string, unknown>, fn: SlotMapper): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = typeof value === 'string' && isSecretName(name) ? fn(value, `headers.${name.toLowerCase()}`) : value;
  }
  return out;
}

function mapNamed(key: string, value: unknown, slot: string, fn: SlotMapper, depth: number): unknown {
  if (NEVER_SECRET.has(slot)) return value;
  if (typeof value === 'string') return isSecretName(key) ? fn(value, slot) : value;
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v, i) => mapNamed(key, v, `${slot}[${i}]`, fn, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = mapNamed(k, v, `${slot}.${k}`, fn, depth + 1);
  return out;
}

/**
 * A URL with its password and credential-like query values rewritten, written back by hand (not via
 * URL's setters) so the other parts keep their exact spelling and the mask stays readable.
 */
function mapUrlSecrets(url: string, fn: SlotMapper): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  const query = mapQuery(u.search, fn);
  if (u.password === '' && query === u.search) return url;
  const password = u.password === '' ? '' : `:${encodeUrlSecret(fn(decodePart(u.password), 'url#password'))}`;
  const user = u.username === '' && password === '' ? '' : `${u.username}${password}@`;
  return `${u.protocol}//${user}${u.host}${u.pathname}${query}${u.hash}`;
}

function mapQuery(search: string, fn: SlotMapper): string {
  if (search.length <= 1) return search;
  const parts = search
    .slice(1)
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq <= 0) return part;
      const name = decodePart(part.slice(0, eq).replace(/\+/g, ' '));
      if (!isSecretName(name) && !SECRET_QUERY.test(name)) return part;
      const value = decodePart(part.slice(eq + 1).replace(/\+/g, ' '));
      return `${part.slice(0, eq)}=${encodeUrlSecret(fn(value, `url?${name}`))}`;
    });
  return `?${parts.join('&')}`;
}

/** Percent-decodes, keeping text that is not valid percent-encoding as it is. */
function decodePart(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The mask stays readable; everything else is encoded so ':' '@' '/' '&' cannot change the URL's shape. */
function encodeUrlSecret(value: string): string {
  return value === MASK ? MASK : encodeURIComponent(value);
}
