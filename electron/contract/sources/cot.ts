/** `cot`: Cursor-on-Target XML events (ATAK, WinTAK, iTAK, TAK servers) over TCP, UDP or UDP multicast. */
import { z } from 'zod';
import { backoffSchema } from '../connection-info-parts.js';
import { hostSchema, portSchema } from './net.js';

export const cotInfoSchema = z.strictObject({
  /** `listen` for clients that send to us; `connect` to a TAK server as a client (TCP). */
  mode: z.enum(['listen', 'connect']).default('listen'),
  protocol: z.enum(['tcp', 'udp']).default('udp'),
  host: hostSchema.default('127.0.0.1'),
  port: portSchema.default(6969),
  /** UDP only: join this multicast group (the SA group is 239.2.3.1). */
  multicast_group: hostSchema.optional(),
  backoff: backoffSchema.default({ initial_ms: 1000, max_ms: 30_000, factor: 2, jitter: 0.2 }),
});
export type CotConnectionInfo = z.infer<typeof cotInfoSchema>;
