/**
 * A bench publisher's send loop: pre-encoded frames sent with a window of unacknowledged ones, the
 * next sent as each ack arrives (the hub and rules benches).
 */
import type WebSocket from 'ws';

/** Sends `frames` on `ws`, at most `window` unacknowledged; resolves when every frame was acked. */
export function pumpFrames(ws: WebSocket, frames: string[], window: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let acked = 0;
    const more = () => {
      while (sent < frames.length && sent - acked < window) ws.send(frames[sent++]!);
    };
    ws.on('message', (d: Buffer) => {
      const m = JSON.parse(d.toString()) as { type: string; message?: string };
      if (m.type === 'error') return reject(new Error(`bench publisher refused: ${m.message}`));
      if (m.type !== 'ack') return;
      if (++acked === frames.length) resolve();
      else more();
    });
    more();
  });
}
