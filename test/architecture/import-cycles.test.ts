// No import cycles anywhere in electron/, db/ or renderer/src/ (issue 13): a cycle is reported with
// every file in it, so the fix is to move the shared piece into a module both sides import.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildImportGraph, findCycles, importSpecifiers, listSources } from './import-graph.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('findCycles', () => {
  it('finds a two-file cycle, a longer one and a self-import, and nothing in a tree', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['a.ts', 'c.ts']],
      ['c.ts', ['d.ts']],
      ['d.ts', ['e.ts']],
      ['e.ts', ['c.ts']],
      ['f.ts', ['f.ts']],
      ['g.ts', ['a.ts', 'c.ts']],
    ]);
    const cycles = findCycles(graph).map((c) => c.join(' '));
    expect(cycles.sort()).toEqual(['a.ts b.ts', 'c.ts d.ts e.ts', 'f.ts']);
    expect(
      findCycles(
        new Map([
          ['x.ts', ['y.ts']],
          ['y.ts', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('reads static, re-export, type-only and dynamic imports, and ignores packages', () => {
    const text = [
      "import a from './a.js';",
      "import type { B } from '../b.js';",
      "export { c } from './c.js';",
      "import x from 'zod';",
      "const d = await import('./d.js');",
    ].join('\n');
    expect(importSpecifiers(text, 'f.ts')).toEqual(['./a.js', '../b.js', './c.js', './d.js']);
  });
});

describe('the project', () => {
  it('has no import cycles in electron/, db/ or renderer/src/', () => {
    const files = listSources(root, ['electron', 'db', 'renderer/src']);
    expect(files.length).toBeGreaterThan(100);
    const cycles = findCycles(buildImportGraph(root, files));
    expect(cycles.map((c) => c.join(' ↔ '))).toEqual([]);
  });
});
