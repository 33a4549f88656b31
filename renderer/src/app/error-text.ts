/**
 * What the user reads when something fails: main's one sentence for a refusal, plain sentences for
 * faults (never a method name, a stack or an internal code), and filter errors with a 1-based column.
 */
import { RpcError } from '../api/client.js';

/** Main's refusal of a filter text: the reason, the 0-based position in the text (the core's) and the token. */
export interface FilterRefusal {
  reason: string;
  /** 0-based, as the core reports it; shown as a 1-based column. */
  position: number | null;
  token: string;
}

// The core's sentence is "<reason> at position <n> in '<excerpt>'." (electron/filter/scan.ts), and a
// rule's filter field prefixes "Field '<name>' is not a valid filter: ".
const POSITION_TAIL = / at position \d+ in '[\s\S]*'\.$/u;
const FIELD_HEAD = /^Field '[^']*' is not a valid filter: /u;

/** The reason part of the core's filter error sentence, without its 0-based position and excerpt. */
export function filterReason(message: string): string {
  return message.replace(FIELD_HEAD, '').replace(POSITION_TAIL, '');
}

/** The refusal of a filter text when `err` is one (INVALID_INPUT with a position in its details), else null. */
export function filterRefusalOf(err: unknown): FilterRefusal | null {
  if (!(err instanceof RpcError) || err.code !== 'INVALID_INPUT') return null;
  const d = err.details as { position?: unknown; token?: unknown } | null | undefined;
  if (!d || typeof d.position !== 'number') return null;
  return {
    reason: filterReason(err.message),
    position: d.position,
    token: typeof d.token === 'string' ? d.token : '',
  };
}

/** The sentence for a filter refusal, its column counted from 1 as an editor does. */
export function filterRefusalSentence(r: FilterRefusal): string {
  return r.position === null ? `${r.reason}.` : `${r.reason} at column ${r.position + 1}.`;
}

/** A readable sentence for anything thrown by a call or by the window. */
export function errorMessage(err: unknown): string {
  if (err instanceof RpcError) {
    const refusal = filterRefusalOf(err);
    if (refusal) return filterRefusalSentence(refusal);
    switch (err.code) {
      case 'INTERNAL':
        return 'Something went wrong inside the app; the details are in its log.';
      case 'METHOD_NOT_FOUND':
        return 'This window and the app are different versions; reload the window.';
      default:
        return err.message;
    }
  }
  if (err instanceof Error) return err.message.split('\n')[0] ?? '';
  return String(err);
}
