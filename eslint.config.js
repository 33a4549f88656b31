// Lint rules, including the import boundaries that keep the layers apart (STYLE.md §1).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const noElectron = {
  paths: [{ name: 'electron', message: 'Only electron/main and electron/preload may import electron.' }],
  patterns: [{ regex: '^electron/', message: 'Only electron/main and electron/preload may import electron.' }],
};

/**
 * Import directions (ARCHITECTURE §2–§3): shells (main, headless) → app (what both serve) → core →
 * contract, filter and the store interface in db/; db/ imports only the contract and the filter.
 * `reaching(folders)` matches a relative import that lands in one of those electron/ folders, from
 * inside electron/ ('../main/x.js', '../../app/x.js') or from outside it ('../../electron/core/x.js').
 */
const reaching = (folders, message) => ({
  regex: `^(\\.\\./)+(electron/)?(${folders.join('|')})(/|$)`,
  message,
});
const fromDb = {
  regex: '^(\\.\\./)+electron/(core|main|headless|app)(/|$)',
  message: 'db/ imports only electron/contract and electron/filter, never core, app or the shells.',
};
const noMainToHeadless = reaching(
  ['headless'],
  'The shells do not import each other: share code through electron/app.',
);
const SHELLS_MESSAGE = 'core never imports the shells (electron/main, electron/headless) or electron/app.';
/** Rule options: electron is off limits, plus `patterns`. */
const restrict = (...patterns) => [
  'error',
  { paths: noElectron.paths, patterns: [...noElectron.patterns, ...patterns] },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'coverage/**',
      'test-output/**',
      'db/migrations/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports only.' }],
    },
  },
  {
    // Tool configs are loaded by their tools, which expect a default export.
    files: ['*.config.{js,ts,mjs}', 'db/drizzle.*.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['electron/core/**'],
    rules: { 'no-restricted-imports': restrict(reaching(['main', 'headless', 'app'], SHELLS_MESSAGE)) },
  },
  {
    files: ['db/**'],
    rules: { 'no-restricted-imports': restrict(fromDb) },
  },
  {
    files: ['electron/filter/**'],
    rules: {
      'no-restricted-imports': restrict({
        // Its own files, the contract, and the test libraries of its tests.
        regex: '^(?!\\./|\\.\\./contract/|vitest$|fast-check$)',
        message: 'electron/filter is a leaf: it imports only electron/contract.',
      }),
    },
  },
  {
    files: ['electron/app/**'],
    rules: {
      'no-restricted-imports': restrict(
        reaching(['main', 'headless'], 'electron/app serves both shells and imports neither.'),
      ),
    },
  },
  {
    files: ['electron/headless/**'],
    rules: {
      'no-restricted-imports': restrict(
        reaching(['main'], 'The shells do not import each other: share code through electron/app.'),
      ),
    },
  },
  {
    files: ['electron/contract/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: noElectron.paths,
          patterns: [{ regex: '^(?!zod$|\\.{1,2}/)', message: 'contract/ imports only zod and itself.' }],
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: noElectron.paths,
          patterns: [
            { group: ['node:*'], message: 'The renderer runs in a browser: no node:* modules.' },
            {
              group: ['**/db/*', '**/db'],
              message: 'The renderer talks to main through the API client, never to db/.',
            },
            {
              group: ['**/electron/core/**', '**/electron/main/**', '**/electron/headless/**', '**/electron/app/**'],
              message: 'The renderer imports only the contract.',
            },
            { regex: '^electron(/|$)', message: 'The renderer never imports electron.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/main/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noMainToHeadless] }],
    },
  },
  {
    // ipcMain/ipcRenderer only in the bridge and the preload.
    files: ['electron/main/**'],
    ignores: ['electron/main/ipc-bridge.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: 'Only ipc-bridge.ts uses ipcMain.' },
          ],
          patterns: [noMainToHeadless],
        },
      ],
    },
  },
  {
    files: ['electron/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!electron$|\\.\\./contract/)',
              message: 'The preload imports only electron and electron/contract (it runs sandboxed).',
            },
          ],
        },
      ],
    },
  },
);
