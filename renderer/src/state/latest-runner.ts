/**
 * Runs the newest of a stream of requests, one at a time and at most once per interval: a request
 * made while one runs (or too soon after the last) waits, and a newer one replaces it. Used to
 * refetch a replayed moment while the time moves, without piling up calls or flashing.
 */

export interface LatestRunner<T> {
  /** Asks for `req` to run (replacing any request still waiting). */
  request(req: T): void;
  /** Forgets the waiting request and its timer; a running one finishes but nothing follows it. */
  stop(): void;
}

export interface LatestRunnerOptions<T> {
  minIntervalMs: number;
  run(req: T): Promise<void>;
  /** Clock and timer, replaceable in tests. */
  now?: () => number;
}

export function createLatestRunner<T>(options: LatestRunnerOptions<T>): LatestRunner<T> {
  const now = options.now ?? (() => performance.now());
  let waiting: { req: T } | null = null;
  let running = false;
  let lastStart = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  function pump(): void {
    if (stopped || running || !waiting || timer) return;
    const wait = lastStart + options.minIntervalMs - now();
    if (wait > 0) {
      timer = setTimeout(() => {
        timer = null;
        pump();
      }, wait);
      return;
    }
    const { req } = waiting;
    waiting = null;
    running = true;
    lastStart = now();
    options
      .run(req)
      .catch(() => undefined)
      .finally(() => {
        running = false;
        pump();
      });
  }

  return {
    request(req) {
      stopped = false;
      waiting = { req };
      pump();
    },
    stop() {
      stopped = true;
      waiting = null;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
