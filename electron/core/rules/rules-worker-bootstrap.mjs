// Worker bootstrap when running from TypeScript sources (vitest, tsx): registers the tsx loader in
// this worker thread, then loads the real entry. Bundled builds start rules-worker.js instead.
import { register } from 'tsx/esm/api';

register();
await import('./rules-worker.ts');
