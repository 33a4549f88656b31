/** Pieces the network adapters' settings share: a port, a host, a list of ids. */
import { z } from 'zod';

export const portSchema = z.number().int().min(1).max(65_535);
/** A host name or an IPv4/IPv6 literal; `127.0.0.1` keeps a listener on this machine. */
export const hostSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:_-]+$/, { message: 'must be a host name or an IP address' });
export const idListSchema = z.array(z.string().min(1).max(128)).max(10_000);
