// A Logger (electron/contract/logger.ts) that drops everything, for tests that do not read logs.
import type { Logger } from '../../electron/contract/logger.js';

/** Drops every line; `child()` returns itself. */
export const quietLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => quietLogger,
};
