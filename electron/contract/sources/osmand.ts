/** `osmand`: Traccar's OsmAnd HTTP protocol (phones running Traccar Client or OsmAnd), listening. */
import { z } from 'zod';
import { hostSchema, idListSchema, portSchema } from './net.js';

export const osmandInfoSchema = z.strictObject({
  /** Interface to bind; beyond loopback the listener logs a warning (docs/adapters/osmand.md). */
  host: hostSchema.default('127.0.0.1'),
  /** Traccar's port for the OsmAnd protocol. */
  port: portSchema.default(5055),
  /** Only these device ids are accepted when given (others answer 403); absent accepts every device. */
  allow_devices: idListSchema.optional(),
});
export type OsmandConnectionInfo = z.infer<typeof osmandInfoSchema>;
