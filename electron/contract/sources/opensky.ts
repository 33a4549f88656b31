/** `opensky`: the OpenSky Network's `states/all`, polled within a bounding box. */
import { z } from 'zod';
import { urlWithScheme } from '../connection-info-parts.js';

export const openskyInfoSchema = z.strictObject({
  url: urlWithScheme(['http:', 'https:'], 'http:// or https://').default('https://opensky-network.org/api/states/all'),
  /** [west, south, east, north]; the whole world when absent. */
  bbox: z
    .tuple([
      z.number().min(-180).max(180),
      z.number().min(-90).max(90),
      z.number().min(-180).max(180),
      z.number().min(-90).max(90),
    ])
    .refine(([w, s, e, n]) => w < e && s < n, {
      message: 'must be [west, south, east, north] with west < east and south < north',
    })
    .optional(),
  interval_ms: z.number().int().min(1000).max(3_600_000).default(10_000),
  /** OAuth2 client credentials (sealed at rest, masked in answers). */
  client_id: z.string().min(1).max(256).optional(),
  client_secret: z.string().min(1).max(1024).optional(),
});
export type OpenskyConnectionInfo = z.infer<typeof openskyInfoSchema>;
