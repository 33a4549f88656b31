/** `aircraft_json`: readsb / dump1090 / tar1090 `aircraft.json`, polled. */
import { z } from 'zod';
import { urlWithScheme } from '../connection-info-parts.js';

export const aircraftJsonInfoSchema = z.strictObject({
  url: urlWithScheme(['http:', 'https:'], 'http:// or https://'),
  interval_ms: z.number().int().min(100).max(3_600_000).default(1000),
  timeout_s: z.number().positive().max(600).default(10),
});
export type AircraftJsonConnectionInfo = z.infer<typeof aircraftJsonInfoSchema>;
