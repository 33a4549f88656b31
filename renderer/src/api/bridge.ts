/**
 * `window.tracker`, the object Electron's preload exposes: its type and key live in the contract
 * (electron/contract/bridge.ts); this file declares it on `Window` for the renderer.
 */
import type { Bridge } from '../../../electron/contract/bridge.js';

declare global {
  interface Window {
    tracker?: Bridge;
  }
}
