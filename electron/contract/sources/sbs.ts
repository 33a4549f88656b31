/** `sbs`: BaseStation (SBS-1) text on port 30003 (dump1090, readsb), as a TCP client. */
import { z } from 'zod';
import { backoffSchema } from '../connection-info-parts.js';
import { hostSchema, portSchema } from './net.js';

export const sbsInfoSchema = z.strictObject({
  host: hostSchema.default('127.0.0.1'),
  port: portSchema.default(30003),
  /** The zone of the peer's message dates: dump1090 and readsb write the local time of their machine. */
  time_zone: z.enum(['local', 'utc']).default('local'),
  backoff: backoffSchema.default({ initial_ms: 1000, max_ms: 30_000, factor: 2, jitter: 0.2 }),
});
export type SbsConnectionInfo = z.infer<typeof sbsInfoSchema>;
