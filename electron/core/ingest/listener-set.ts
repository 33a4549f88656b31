/**
 * The listeners of one ingest event (committed batches, pause changes): each is called in turn, and
 * one that throws is logged without stopping the others or the pipeline.
 */
import type { Logger } from '../../contract/logger.js';

/** A set of listeners taking arguments `A`. */
export interface ListenerSet<A extends unknown[]> {
  /** Adds a listener; returns the function that removes it. */
  add(listener: (...args: A) => void): () => void;
  /** Calls every listener with `args`, in the order they were added. */
  emit(...args: A): void;
}

/** Creates a listener set; `what` names the event in the log line of a listener that threw. */
export function createListenerSet<A extends unknown[]>(log: Pick<Logger, 'error'>, what: string): ListenerSet<A> {
  const listeners = new Set<(...args: A) => void>();
  return {
    add(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit(...args) {
      for (const listener of listeners) {
        try {
          listener(...args);
        } catch (err) {
          log.error(`A ${what} listener threw.`, { error: String(err) });
        }
      }
    },
  };
}
