/**
 * How a bound listener's address reads in a source's status (`listen_address`): `0.0.0.0:5055`,
 * `[::]:5055`, with the transport after it when it is not TCP (`0.0.0.0:6969 (UDP)`).
 */
import type { AddressInfo } from 'node:net';

/** The address `server.address()` / `socket.address()` answered, as `host:port`; `fallback` when there is none. */
export function listenAddress(bound: AddressInfo | string | null, fallback: string, transport?: string): string {
  let text = fallback;
  if (typeof bound === 'string') text = bound;
  else if (bound)
    text = bound.family === 'IPv6' ? `[${bound.address}]:${bound.port}` : `${bound.address}:${bound.port}`;
  return transport ? `${text} (${transport})` : text;
}
