/**
 * Error codes and the one application error type shared by every process.
 * Codes are API: each is listed with a one-line meaning and never renamed.
 */
import { z } from 'zod';

/** Every application error code, with its meaning. */
export const ERROR_CODES = {
  INVALID_INPUT: 'A parameter, message, file or setting failed validation.',
  NOT_FOUND: 'The object, source or resource named does not exist.',
  CONFLICT: 'The change clashes with existing data (duplicate key, stale version).',
  UNAUTHORIZED: 'No valid token was presented.',
  FORBIDDEN: 'The caller is known but not allowed to do this.',
  UNAVAILABLE: 'A dependency (database, disk, remote feed) cannot be reached right now.',
  OVERLOADED: 'A queue or limit is full; retry later.',
  STORE_DAMAGED: 'The database file failed its integrity checks and was not written to.',
  STORE_NEWER_SCHEMA: 'The database was written by a newer version of the app.',
  STORE_FOREIGN: 'The file is not an OSM Object Tracker database.',
  STORE_FULL: 'The disk or database size limit is full; writes are paused.',
  METHOD_NOT_FOUND: 'The called method does not exist in the contract.',
  INTERNAL: 'An unexpected fault; details are in the local log.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
export const errorCodeSchema = z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]);

/** A JSON-safe serialized error, as it crosses every boundary. */
export const appErrorShapeSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  details: z.unknown().optional(),
});
export type AppErrorShape = z.infer<typeof appErrorShapeSchema>;

/** The one application error type. `message` is one sentence naming the thing and the bad value. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: { details?: unknown; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
  }

  toJSON(): AppErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** Thrown by `getX` lookups; `findX` returns undefined instead. */
export class NotFoundError extends AppError {
  constructor(what: string, id: string) {
    super('NOT_FOUND', `${what} '${id}' does not exist.`, { details: { id } });
    this.name = 'NotFoundError';
  }
}

/** True when `value` is an AppError (also across realms, by shape). */
export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** For exhaustive switches: fails to compile when a case is missing. */
export function missingCaseError(value: never): Error {
  return new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
