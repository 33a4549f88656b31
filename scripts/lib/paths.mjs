// Paths and small helpers shared by the build, start, serve and dist scripts.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = path.join(ROOT, 'dist');
export const RENDERER_OUT = path.join(DIST, 'renderer');
export const MAIN_OUT = path.join(DIST, 'main');

/** Newest modification time (ms) of any file under the given paths (0 when none exist). */
export function newestMtime(paths) {
  let newest = 0;
  const visit = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      if (path.basename(p) === 'node_modules') return;
      for (const name of readdirSync(p)) visit(path.join(p, name));
    } else if (!/\.test\.tsx?$/.test(p)) newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of paths) visit(path.join(ROOT, p));
  return newest;
}

/** True when `output` is missing or older than any source under `sources`. */
export function isStale(output, sources) {
  if (!existsSync(output)) return true;
  return newestMtime(sources) > statSync(output).mtimeMs;
}

/** Prints one line to stderr and exits with `code`, never with a stack trace. */
export function fail(message, code = 1) {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}
