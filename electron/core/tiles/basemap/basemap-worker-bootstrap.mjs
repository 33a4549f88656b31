// Worker bootstrap when running from TypeScript sources (vitest, tsx): registers the tsx loader in
// this worker thread, then loads the real entry. Bundled builds start basemap-worker.{mjs,cjs} instead.
import { register } from 'tsx/esm/api';

register();
await import('./basemap-worker.ts');
