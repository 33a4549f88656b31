/**
 * Broadcast events (source.statusChanged, app.statsChanged, app.notified, …) from the core to every
 * transport; per-client events (a live subscription's objects.changed) go through CallContext.push.
 */
import type { EventName, EventPayload } from '../../contract/events.js';

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface EventBus {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Listens to every event; returns an unsubscribe function. */
  on(listener: EventListener): () => void;
  listenerCount(): number;
}

/** Creates a bus; a throwing listener is reported to `onError` and never stops the others. */
export function createEventBus(onError: (error: unknown, event: EventName) => void = () => {}): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit(event, payload) {
      for (const listener of [...listeners]) {
        try {
          listener(event, payload);
        } catch (error) {
          onError(error, event);
        }
      }
    },
    on(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    listenerCount: () => listeners.size,
  };
}
