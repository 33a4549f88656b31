import { describe, expect, it } from 'vitest';
import type { DataSource, SourceStatus } from '../../../../electron/contract/domain.js';
import { intervalWords, publishersWords, sourceStatusWords } from './status-words.js';

const NOW = Date.parse('2026-01-01T12:00:10.000Z');
const at = (secondsAgo: number) => new Date(NOW - secondsAgo * 1000).toISOString();

const source = (type: DataSource['type'], connection_info: Record<string, unknown> = {}, is_active = true) => ({
  type,
  connection_info,
  is_active,
});

function status(fields: Partial<SourceStatus>): SourceStatus {
  return {
    source_id: 's1',
    state: 'idle',
    last_message_at: null,
    received: 0,
    stored: 0,
    rejected: 0,
    rate_per_s: 0,
    last_error: null,
    ...fields,
  };
}

describe('publishersWords', () => {
  it('counts publishers in the singular and the plural, and says when none are connected', () => {
    expect(publishersWords(1)).toBe('1 publisher connected');
    expect(publishersWords(3)).toBe('3 publishers connected');
    expect(publishersWords(0)).toBe('waiting for publishers');
  });
});

describe('intervalWords', () => {
  it('writes seconds without trailing zeros and whole minutes from two minutes on', () => {
    expect(intervalWords(5)).toBe('5 s');
    expect(intervalWords(0.5)).toBe('0.5 s');
    expect(intervalWords(90)).toBe('90 s');
    expect(intervalWords(300)).toBe('5 min');
  });
});

describe('sourceStatusWords', () => {
  it('says how many publishers a push source has instead of "idle"', () => {
    expect(sourceStatusWords(source('websocket'), status({ publishers: 1 }), NOW)).toBe('1 publisher connected');
    expect(sourceStatusWords(source('websocket'), status({ publishers: 2 }), NOW)).toBe('2 publishers connected');
    expect(sourceStatusWords(source('rest'), status({ publishers: 0 }), NOW)).toBe('waiting for publishers');
    expect(sourceStatusWords(source('websocket'), undefined, NOW)).toBe('waiting for publishers');
  });

  it('names the bound address of a listener', () => {
    const s = status({ state: 'listening', listen_address: '0.0.0.0:5055' });
    expect(sourceStatusWords(source('osmand'), s, NOW)).toBe('listening on 0.0.0.0:5055');
    expect(sourceStatusWords(source('osmand'), status({ state: 'listening' }), NOW)).toBe('listening');
  });

  it("gives a poller's interval and the age of its last answer", () => {
    const s = status({ state: 'polling', poll_interval_s: 5, last_answer_at: at(2) });
    expect(sourceStatusWords(source('rest', { url: 'https://x' }), s, NOW)).toBe(
      'polling every 5 s, last answer 2 s ago',
    );
    const first = status({ state: 'polling', poll_interval_s: 1, last_answer_at: null });
    expect(sourceStatusWords(source('aircraft_json'), first, NOW)).toBe('polling every 1 s, no answer yet');
  });

  it('adds what the last answer held when the poller says (an Overpass element count and data time)', () => {
    const s = status({
      state: 'polling',
      poll_interval_s: 600,
      last_answer_at: at(2),
      answer_summary: '96 elements, data as of 2014-03-13T12:44:02Z',
    });
    expect(sourceStatusWords(source('overpass'), s, NOW)).toBe(
      'polling every 10 min, last answer 2 s ago (96 elements, data as of 2014-03-13T12:44:02Z)',
    );
  });

  it('shows a replication source’s last applied sequence and its data time, also while it retries', () => {
    const summary = 'sequence 1000001, data as of 2016-07-02T21:35:02Z';
    const polling = status({ state: 'polling', poll_interval_s: 60, last_answer_at: at(2), answer_summary: summary });
    expect(sourceStatusWords(source('osm_replication'), polling, NOW)).toBe(
      `polling every 60 s, last answer 2 s ago (${summary})`,
    );
    const later = new Date(NOW + 3000).toISOString();
    const offline = status({ state: 'backoff', next_retry_at: later, answer_summary: summary });
    expect(sourceStatusWords(source('osm_replication'), offline, NOW)).toBe(`retrying in 3 s (${summary})`);
  });

  it('says when a source in backoff tries again', () => {
    const later = new Date(NOW + 3000).toISOString();
    expect(sourceStatusWords(source('gpsd'), status({ state: 'backoff', next_retry_at: later }), NOW)).toBe(
      'retrying in 3 s',
    );
    expect(sourceStatusWords(source('gpsd'), status({ state: 'backoff', next_retry_at: null }), NOW)).toBe('retrying');
  });

  it('keeps plain words for the other states and sources', () => {
    expect(sourceStatusWords(source('simulator'), status({ state: 'connected' }), NOW)).toBe('running');
    expect(sourceStatusWords(source('websocket', { url: 'wss://x' }), status({ state: 'connected' }), NOW)).toBe(
      'connected',
    );
    expect(sourceStatusWords(source('file'), status({ state: 'idle' }), NOW)).toBe('filled by imports');
    expect(sourceStatusWords(source('simulator', {}, false), undefined, NOW)).toBe('stopped');
    expect(sourceStatusWords(source('rest'), status({ state: 'error' }), NOW)).toBe('error');
  });
});

describe('sourceStatusWords on a team database', () => {
  it('says which instance runs a connector: standby elsewhere, running here', () => {
    const sim = source('simulator', { count: 5 });
    expect(sourceStatusWords(sim, status({ state: 'standby', owner: 'desk-2/4242', owner_is_me: false }), NOW)).toBe(
      'standby (running on desk-2/4242)',
    );
    expect(sourceStatusWords(sim, status({ state: 'standby', owner: '' }), NOW)).toBe('standby');
    expect(sourceStatusWords(sim, status({ state: 'connected', owner: 'desk-1/77', owner_is_me: true }), NOW)).toBe(
      'running (on desk-1/77)',
    );
    // Without a team database nothing is added.
    expect(sourceStatusWords(sim, status({ state: 'connected' }), NOW)).toBe('running');
  });
});
