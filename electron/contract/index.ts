/** The contract shared by main, preload, renderer and the hub. Imports only zod. */
export * from './domain.js';
export * from './errors.js';
export * from './events.js';
export * from './methods.js';
export type { MethodSpec } from './define.js';
export * from './connection-info.js';
