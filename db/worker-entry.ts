/**
 * Where a worker thread's entry file is, for every worker the app starts (the SQLite writer, imports,
 * basemap builds, rules). The store and core both use it; it needs nothing but node:fs and node:url.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * From TypeScript sources (vitest, tsx): the tsx bootstrap `bootstrap` beside the caller, whose
 * `import.meta.url` is `callerUrl`. In a bundle: `<bundle>.{mjs,cjs,js}` beside the bundle file (a
 * CommonJS bundle has no import.meta.url; its `__filename` is the bundle). `what` names the worker in
 * the error when the file is missing.
 */
export function resolveWorkerEntry(
  callerUrl: string | undefined,
  bootstrap: string,
  bundle: string,
  what: string,
): URL | string {
  const here = typeof callerUrl === 'string' && callerUrl ? fileURLToPath(callerUrl) : __filename;
  if (here.endsWith('.ts')) return new URL(bootstrap, pathToFileURL(here));
  for (const ext of ['.mjs', '.cjs', '.js']) {
    const candidate = join(dirname(here), bundle + ext);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`The ${what} '${bundle}.js' is missing beside '${here}'.`);
}
