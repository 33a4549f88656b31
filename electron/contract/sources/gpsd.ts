/** `gpsd`: gpsd's JSON protocol (TPV and AIS reports), as a client of its port. */
import { z } from 'zod';
import { backoffSchema } from '../connection-info-parts.js';
import { hostSchema, portSchema } from './net.js';

export const gpsdInfoSchema = z.strictObject({
  host: hostSchema.default('127.0.0.1'),
  port: portSchema.default(2947),
  backoff: backoffSchema.default({ initial_ms: 1000, max_ms: 30_000, factor: 2, jitter: 0.2 }),
});
export type GpsdConnectionInfo = z.infer<typeof gpsdInfoSchema>;
