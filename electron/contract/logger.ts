/**
 * The one logger interface. Core's `createLogger(scope)` (electron/core/log.ts) implements it with
 * redaction and a rotating file; db/, the shells and tests accept any object of this shape.
 */
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger for a sub-scope, e.g. `hub:publisher`. */
  child(scope: string): Logger;
}
