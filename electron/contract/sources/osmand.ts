/** `osmand`: Traccar's OsmAnd HTTP protocol (phones running Traccar Client or OsmAnd), listening. */
import { z } from 'zod';
import { hostSchema, idListSchema, portSchema } from './net.js';

export const osmandInfoSchema = z.strictObject({
  host: hostSchema.default('127.0.0.1'),
  port: portSchema.default(5055),
  /** Only these device ids are accepted when given. */
  allow_devices: idListSchema.optional(),
});
export type OsmandConnectionInfo = z.infer<typeof osmandInfoSchema>;
