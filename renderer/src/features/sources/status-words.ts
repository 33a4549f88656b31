/**
 * What a source card says a source is doing, from the facts its status reports: "2 publishers
 * connected" for a push source, "listening on 0.0.0.0:5055", "polling every 5 s, last answer 2 s ago".
 */
import type { DataSource, SourceStatus } from '../../../../electron/contract/domain.js';
import { isPushSource } from '../../../../electron/contract/domain.js';
import { formatAge } from '../../app/format.js';

/** "1 publisher connected", "3 publishers connected", or "waiting for publishers" with none. */
export function publishersWords(count: number): string {
  if (count <= 0) return 'waiting for publishers';
  return `${count} publisher${count === 1 ? '' : 's'} connected`;
}

/** Seconds as "5 s", "0.5 s" or "2 min" (an interval, not an age). */
export function intervalWords(seconds: number): string {
  if (seconds >= 120 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${Number(seconds.toFixed(1))} s`;
}

/**
 * "polling every 5 s, last answer 2 s ago" (or "no answer yet"), then what the answer held when the
 * source says ("96 elements, data as of …").
 */
export function pollingWords(status: SourceStatus, now: number): string {
  const every = typeof status.poll_interval_s === 'number' ? ` every ${intervalWords(status.poll_interval_s)}` : '';
  const answer = status.last_answer_at
    ? `last answer ${formatAge(Date.parse(status.last_answer_at), now)} ago`
    : 'no answer yet';
  const held = status.answer_summary ? ` (${status.answer_summary})` : '';
  return `polling${every}, ${answer}${held}`;
}

/** The words for a source's state; `status` is undefined until main reported one. */
export function sourceStatusWords(
  source: Pick<DataSource, 'type' | 'connection_info' | 'is_active'>,
  status: SourceStatus | undefined,
  now: number,
): string {
  // A team database's connector: which instance runs it (issue 19).
  if (status?.state === 'standby') return status.owner ? `standby (running on ${status.owner})` : 'standby';
  const words = stateWords(source, status, now);
  return status?.owner && status.owner_is_me ? `${words} (on ${status.owner})` : words;
}

function stateWords(
  source: Pick<DataSource, 'type' | 'connection_info' | 'is_active'>,
  status: SourceStatus | undefined,
  now: number,
): string {
  const state = status?.state ?? (source.is_active ? 'idle' : 'stopped');
  switch (state) {
    case 'idle':
      if (isPushSource(source)) return publishersWords(status?.publishers ?? 0);
      return source.type === 'file' ? 'filled by imports' : 'idle';
    case 'listening':
      return status?.listen_address ? `listening on ${status.listen_address}` : 'listening';
    case 'polling':
      return status ? pollingWords(status, now) : 'polling';
    case 'connected':
      return source.type === 'simulator' ? 'running' : 'connected';
    case 'backoff': {
      const at = status?.next_retry_at ? Date.parse(status.next_retry_at) : NaN;
      // Where a poller stands while it cannot reach its server (a replication source's last applied diff).
      const held = status?.answer_summary ? ` (${status.answer_summary})` : '';
      return `${Number.isNaN(at) || at <= now ? 'retrying' : `retrying in ${formatAge(now, at)}`}${held}`;
    }
    default:
      return state;
  }
}
