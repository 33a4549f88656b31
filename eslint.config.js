// Lint rules, including the import boundaries that keep the layers apart (STYLE.md §1).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const noElectron = {
  paths: [{ name: 'electron', message: 'Only electron/main and electron/preload may import electron.' }],
  patterns: [{ regex: '^electron/', message: 'Only electron/main and electron/preload may import electron.' }],
};

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
    files: ['electron/core/**', 'electron/contract/**', 'electron/headless/**', 'db/**'],
    rules: { 'no-restricted-imports': ['error', noElectron] },
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
              group: ['**/electron/core/**', '**/electron/main/**', '**/electron/headless/**'],
              message: 'The renderer imports only the contract.',
            },
            { regex: '^electron(/|$)', message: 'The renderer never imports electron.' },
          ],
        },
      ],
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
        },
      ],
    },
  },
);
