/**
 * `nmea`: NMEA 0183 sentences (GPS and AIS) as a TCP client (gpsd's raw port, AIS-catcher, a chart
 * plotter's gateway), a TCP listener, or a UDP listener (AIS-catcher's and rtl_ais's default).
 */
import { z } from 'zod';
import { backoffSchema } from '../connection-info-parts.js';
import { hostSchema, portSchema } from './net.js';

export const nmeaInfoSchema = z
  .strictObject({
    /** `connect` to a TCP server that streams sentences; `listen` for senders (UDP or TCP). */
    mode: z.enum(['connect', 'listen']).default('connect'),
    protocol: z.enum(['tcp', 'udp']).default('tcp'),
    host: hostSchema.default('127.0.0.1'),
    port: portSchema.default(10110),
    /**
     * TCP client only: one line sent after each connect, e.g. gpsd's
     * `?WATCH={"enable":true,"nmea":true}` to read its raw NMEA on port 2947.
     */
    init: z
      .string()
      .min(1)
      .max(1024)
      .refine((v) => !/[\r\n]/.test(v), { message: 'must be one line (no line breaks)' })
      .optional(),
    /** osm_id of the GPS receiver object; by default `gps-<talker>` (e.g. `gps-gn`). */
    receiver_id: z.string().min(1).max(128).optional(),
    backoff: backoffSchema.default({ initial_ms: 1000, max_ms: 30_000, factor: 2, jitter: 0.2 }),
  })
  .refine((c) => c.mode === 'listen' || c.protocol === 'tcp', {
    message: "must be 'tcp' when mode is 'connect' (UDP sentences are received with mode 'listen')",
    path: ['protocol'],
  })
  .refine((c) => c.init === undefined || c.mode === 'connect', {
    message: "is sent only by mode 'connect'",
    path: ['init'],
  });
export type NmeaConnectionInfo = z.infer<typeof nmeaInfoSchema>;
