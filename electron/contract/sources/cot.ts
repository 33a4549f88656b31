/** `cot`: Cursor-on-Target XML events (ATAK, WinTAK, iTAK, TAK servers) over TCP, UDP or UDP multicast. */
import { z } from 'zod';
import { backoffSchema } from '../connection-info-parts.js';
import { hostSchema, portSchema } from './net.js';

/** Objects of the app sent back out as CoT events (so TAK users see them). */
export const cotSendSchema = z.strictObject({
  /** The filter text syntax (docs/filter.md), e.g. `kind=ship speed>1`. */
  filter: z.string().min(1).max(4000),
  /** Changed objects are sent at most this often (ms). */
  interval_ms: z.number().int().min(100).max(3_600_000).default(5000),
  /** Each sent event goes stale this long after its object's observation (s). */
  stale_s: z.number().int().min(1).max(86_400).default(300),
});

export const cotInfoSchema = z
  .strictObject({
    /** `listen` for clients that send to us; `connect` to a TAK server as a client (TCP). */
    mode: z.enum(['listen', 'connect']).default('listen'),
    protocol: z.enum(['tcp', 'udp']).default('udp'),
    host: hostSchema.default('127.0.0.1'),
    port: portSchema.default(6969),
    /** UDP only: join this multicast group (the SA group is 239.2.3.1). */
    multicast_group: hostSchema.optional(),
    backoff: backoffSchema.default({ initial_ms: 1000, max_ms: 30_000, factor: 2, jitter: 0.2 }),
    send: cotSendSchema.optional(),
  })
  .refine((c) => c.mode === 'listen' || c.protocol === 'tcp', {
    message: "must be 'tcp' when mode is 'connect' (a TAK server is reached over TCP)",
    path: ['protocol'],
  })
  .refine((c) => c.multicast_group === undefined || c.protocol === 'udp', {
    message: "is for protocol 'udp' only",
    path: ['multicast_group'],
  })
  .refine((c) => c.send === undefined || c.protocol === 'tcp' || c.multicast_group !== undefined, {
    message: "needs 'multicast_group' over UDP (events are sent to the group and port)",
    path: ['send'],
  });
export type CotConnectionInfo = z.infer<typeof cotInfoSchema>;
export type CotSendSettings = z.infer<typeof cotSendSchema>;
