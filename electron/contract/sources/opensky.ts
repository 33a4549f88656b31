/** `opensky`: the OpenSky Network's `states/all`, polled within a bounding box. */
import { z } from 'zod';
import { backoffSchema, urlWithScheme } from '../connection-info-parts.js';

/** OpenSky's token endpoint for API clients (OAuth2 client credentials). */
export const OPENSKY_TOKEN_URL =
  'https://auth.opensky-network.org/auth/realms/opensky-network/protocol/openid-connect/token';

export const openskyInfoSchema = z
  .strictObject({
    url: urlWithScheme(['http:', 'https:'], 'http:// or https://').default(
      'https://opensky-network.org/api/states/all',
    ),
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
    timeout_s: z.number().positive().max(600).default(30),
    /** OAuth2 client credentials (sealed at rest, masked in answers); anonymous when absent. */
    client_id: z.string().min(1).max(256).optional(),
    client_secret: z.string().min(1).max(1024).optional(),
    token_url: urlWithScheme(['http:', 'https:'], 'http:// or https://').default(OPENSKY_TOKEN_URL),
    /** Waits after failed polls; an HTTP 429 waits as long as its retry-after header says instead. */
    backoff: backoffSchema.default({ initial_ms: 10_000, max_ms: 600_000, factor: 2, jitter: 0.2 }),
  })
  .refine((i) => (i.client_id === undefined) === (i.client_secret === undefined), {
    message: 'must be set together with client_id (OAuth2 client credentials need both)',
    path: ['client_secret'],
  });
export type OpenskyConnectionInfo = z.infer<typeof openskyInfoSchema>;
