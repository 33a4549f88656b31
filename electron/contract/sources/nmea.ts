/** `nmea`: NMEA 0183 sentences (GPS and AIS) over TCP (connect) or UDP (listen). */
import { z } from 'zod';
import { backoffSchema } from '../connection-info-parts.js';
import { hostSchema, portSchema } from './net.js';

export const nmeaInfoSchema = z.strictObject({
  mode: z.enum(['connect', 'listen']).default('connect'),
  protocol: z.enum(['tcp', 'udp']).default('tcp'),
  host: hostSchema.default('127.0.0.1'),
  port: portSchema.default(10110),
  backoff: backoffSchema.default({ initial_ms: 1000, max_ms: 30_000, factor: 2, jitter: 0.2 }),
});
export type NmeaConnectionInfo = z.infer<typeof nmeaInfoSchema>;
