/**
 * The pieces every source type's connection-info schema is built from (limits, headers, URLs,
 * reconnect timing), apart from the per-type schemas so each type's schema file can use them.
 */
import { z } from 'zod';

/**
 * What one source's connection info may hold. Depth and size are checked first, without recursion
 * (a value nested 100,000 levels deep is refused before any validator walks it); the rest per field.
 */
/** What a stored credential looks like in every answer (RPC, REST, the window); sent back, it keeps the secret. */
export const CREDENTIAL_MASK = '••••';

export const CONNECTION_INFO_LIMITS = {
  /** Deepest nesting; connection_info itself is level 1 (a subscribe_message object is level 2). */
  maxDepth: 32,
  /** The whole connection_info written as JSON, in UTF-8 bytes. */
  maxBytes: 65_536,
  maxHeaders: 64,
  maxHeaderNameLength: 256,
  maxHeaderValueLength: 8192,
  maxUrlLength: 8192,
  /** A mapping's field paths (`position.lon`). */
  maxPathLength: 256,
  /** Entries of a mapping's tag map. */
  maxMappedTags: 256,
  maxKinds: 16,
  maxFilePathLength: 4096,
  maxFileFormatLength: 64,
} as const;
const LIMITS = CONNECTION_INFO_LIMITS;

/** Object kinds the simulator can move. */
export const SIMULATOR_KINDS = ['ship', 'car', 'aircraft', 'drone'] as const;
export type SimulatorKind = (typeof SIMULATOR_KINDS)[number];

const headerValue = z
  .string()
  .max(LIMITS.maxHeaderValueLength)
  .refine((v) => !/[\r\n]/.test(v), { message: 'must not contain line breaks' });
export const headersSchema = z
  .record(
    z
      .string()
      .max(LIMITS.maxHeaderNameLength)
      .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { message: 'must be a valid HTTP header name' }),
    headerValue,
  )
  .refine((h) => Object.keys(h).length <= LIMITS.maxHeaders, {
    message: `must have at most ${LIMITS.maxHeaders} headers`,
  });

export const urlWithScheme = (schemes: string[], label: string) =>
  z
    .string()
    .max(LIMITS.maxUrlLength)
    .refine(
      (v) => {
        try {
          const url = new URL(v);
          return schemes.includes(url.protocol) && url.host !== '';
        } catch {
          return false;
        }
      },
      { message: `must use ${label}` },
    );

/** Reconnect timing: delay = min(max_ms, initial_ms * factor^attempt), then ± jitter (fraction). */
export const backoffSchema = z
  .strictObject({
    initial_ms: z.number().int().min(10).max(3_600_000).default(1000),
    max_ms: z.number().int().min(10).max(3_600_000).default(30_000),
    factor: z.number().min(1).max(10).default(2),
    jitter: z.number().min(0).max(1).default(0.2),
  })
  .refine((b) => b.max_ms >= b.initial_ms, { message: 'must be at least initial_ms', path: ['max_ms'] });
export type BackoffSettings = z.infer<typeof backoffSchema>;
