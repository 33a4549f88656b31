/**
 * Is this page's key still good? A browser cannot read why a WebSocket upgrade failed, so the
 * transport asks with a plain GET of the bridge path (the hub answers 204, or 401 for a bad key).
 */
import { RPC_PATH } from '../../../electron/contract/bridge.js';
import type { AccessCheck } from './ws-transport.js';

/** Checks `token` against the hub this page came from; a network failure is 'unreachable'. */
export async function checkAccess(
  origin: string,
  token: string,
  fetchFn: typeof fetch = (input, init) => fetch(input, init),
): Promise<AccessCheck> {
  if (token === '') return 'refused';
  try {
    const res = await fetchFn(`${origin}${RPC_PATH}`, {
      headers: { Authorization: `Bearer ${token}` },
      cache: 'no-store',
    });
    if (res.status === 401) return 'refused';
    return res.ok ? 'ok' : 'unreachable';
  } catch {
    return 'unreachable';
  }
}
