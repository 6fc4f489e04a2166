// Lint rules, and the layering rule that keeps the house's shape:
// renderer → shared; main → core → shared; server → core → shared. Arrows point down only.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http',
  'http2', 'https', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'tls', 'url', 'util', 'v8',
  'vm', 'worker_threads', 'zlib',
];
const nodeModules = NODE_BUILTINS.flatMap((name) => [name, `node:${name}`]);

const layer = (group, message) => ({ group, message });

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.sandbox/**', 'coverage/**', 'test-results/**', '.electron-native/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'test/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['src/shared/**'],
    ignores: ['src/shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeModules.map((name) => ({ name, message: 'src/shared runs on both sides: no Node modules.' })),
          patterns: [
            layer(['**/core/**', '**/main/**', '**/renderer/**', '**/server/**'], 'src/shared imports nothing else of ours.'),
            layer(['electron', 'react', 'react-dom', 'react/*'], 'src/shared has no Electron and no React.'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            layer(['electron', 'electron-store', 'react', 'react-dom', 'react/*', '@xterm/*'], 'src/core is plain Node: no Electron, no React, no DOM.'),
            layer(['**/main/**', '**/renderer/**'], 'src/core must not import the layers above it.'),
          ],
        },
      ],
    },
  },
  {
    // The one exception: the CLI's `serve` command starts browser mode.
    files: ['src/core/**'],
    ignores: ['src/core/cli/commands/serve.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            layer(['electron', 'electron-store', 'react', 'react-dom', 'react/*', '@xterm/*'], 'src/core is plain Node: no Electron, no React, no DOM.'),
            layer(['**/main/**', '**/renderer/**', '**/server/**'], 'src/core must not import the layers above it.'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/server/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [layer(['electron', 'electron-store', '**/main/**', '**/renderer/**', 'react', 'react-dom'], 'src/server is browser mode: core and shared only.')] },
      ],
    },
  },
  {
    files: ['src/main/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [layer(['**/renderer/**', 'react', 'react-dom'], 'src/main never imports the UI.')] }],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: nodeModules.map((name) => ({ name, message: 'The renderer has no Node: ask the app through the contract.' })),
          patterns: [
            layer(['**/core/**', '**/main/**', '**/server/**'], 'The renderer talks to the app only through src/shared/contract.'),
            layer(['electron', 'electron-store', 'better-sqlite3', 'ssh2', 'undici', 'node-rdpjs-2'], 'The renderer has no Node modules.'),
          ],
        },
      ],
    },
  },
);
