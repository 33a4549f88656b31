/**
 * The outbound half of a `cot` source: the objects matching `send.filter` (from the live bus) are
 * written as CoT events to the source's peer every `send.interval_ms`, latest state per object.
 * A new peer (a TCP client, a reconnect) first gets every matching object.
 */
import type { OsmObject } from '../../../contract/domain.js';
import type { CotConnectionInfo, CotSendSettings } from '../../../contract/sources/cot.js';
import type { ConnectorContext, LiveFeed } from '../connector-context.js';
import { cotUidOf, encodeCotEvent } from './cot-encode.js';

export interface CotSender {
  /** True for a uid this sender wrote (read back from a multicast group, it is not stored again). */
  isOwn(uid: string): boolean;
  /** Every matching object as events, for a peer that just connected. */
  everything(): Buffer | undefined;
  stop(): void;
}

export interface CotSenderDeps {
  ctx: ConnectorContext<CotConnectionInfo>;
  settings: CotSendSettings;
  /** Writes events to the peer(s); false when none can take them now (they stay owed). */
  write(events: Buffer): boolean;
  /** The send half cannot run (no live bus, a refused filter): one sentence. */
  fail(reason: string): void;
}

/** Starts sending; `stop()` closes the live subscription and the timer. */
export function startCotSender(deps: CotSenderDeps): CotSender {
  const { ctx, settings } = deps;
  const current = new Map<string, OsmObject>();
  const dirty = new Set<string>();
  const sent = new Set<string>();
  let feed: LiveFeed | undefined;
  let stopped = false;

  const encode = (ids: Iterable<string>): Buffer | undefined => {
    const now = ctx.now();
    const events: string[] = [];
    for (const id of ids) {
      const object = current.get(id);
      const xml = object ? encodeCotEvent(object, now, settings.stale_s) : undefined;
      if (!object || xml === undefined) continue;
      sent.add(cotUidOf(object));
      events.push(xml);
    }
    return events.length > 0 ? Buffer.from(events.join('\n') + '\n', 'utf8') : undefined;
  };

  const flush = (): void => {
    if (dirty.size === 0) return;
    const events = encode(dirty);
    if (!events || deps.write(events)) dirty.clear();
  };

  const timer = setInterval(flush, settings.interval_ms);
  timer.unref();

  if (!ctx.subscribe) {
    deps.fail('Sending CoT needs the live bus, which this runtime does not offer.');
  } else {
    ctx
      .subscribe({ text: settings.filter }, (changes) => {
        if (changes.reset) {
          current.clear();
          dirty.clear();
        }
        for (const object of changes.upserted) {
          // Objects this source brought in are the peer's own: never echo them back.
          if (object.source_id === ctx.sourceId) continue;
          current.set(object.id, object);
          dirty.add(object.id);
        }
        for (const id of changes.deleted) {
          current.delete(id);
          dirty.delete(id);
        }
      })
      .then((opened) => {
        if (stopped) opened.close();
        else feed = opened;
      })
      .catch((err: unknown) => {
        if (!stopped) deps.fail(`The send filter was refused: ${err instanceof Error ? err.message : String(err)}`);
      });
  }

  return {
    isOwn: (uid) => sent.has(uid),
    everything: () => encode(current.keys()),
    stop() {
      stopped = true;
      clearInterval(timer);
      feed?.close();
      feed = undefined;
    },
  };
}
