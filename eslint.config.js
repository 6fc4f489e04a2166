// Lint rules, and the layering rule that keeps the house's shape (docs/architecture.md):
// renderer → shared; main → core → shared; server → core → shared. Arrows point down only, and
// inside src/core its folders follow one order. The rule itself is scripts/eslint-layers.mjs.
import js from '@eslint/js';
import i18next from 'eslint-plugin-i18next';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import layers from './scripts/eslint-layers.mjs';
import { cliStringsConfig } from './scripts/eslint-cli-strings.mjs';

// Runtime dependencies by where they run; a unit test keeps every package.json dependency in one list.
/** They open sockets or files, load native code or start processes: Node only. */
export const NODE_PACKAGES = [
  '@lab-console/malloc-trim',
  'better-sqlite3',
  'commander',
  'conf',
  'electron',
  'electron-store',
  'node-rdpjs-2',
  'ssh2',
  'tar',
  'undici',
  'ws',
  'yauzl',
  'yazl',
];
/** They need a DOM (or are the UI): the renderer's. */
export const DOM_PACKAGES = ['@novnc/novnc', '@xterm/*', 'dompurify', 'react', 'react-dom', 'react-i18next'];
/** Plain JavaScript that runs anywhere: the only packages src/shared may use. */
export const PORTABLE_PACKAGES = ['highlight.js', 'i18next', 'marked', 'minisearch', 'parse5', 'semver', 'yaml', 'zod'];

/**
 * Each layer, the layers it may import, and the packages it may not. Bare Node modules
 * ("fs", "node:net") are `builtins`.
 */
const LAYERS = [
  {
    folder: 'src/shared',
    mayImport: [],
    message: 'src/shared imports nothing else of ours.',
    packages: {
      builtins: 'src/shared runs on both sides: no Node modules.',
      deny: [
        { names: NODE_PACKAGES, message: 'src/shared runs on both sides: no package that needs Node.' },
        { names: DOM_PACKAGES, message: 'src/shared has no Electron, no React and no DOM.' },
      ],
      allow: PORTABLE_PACKAGES,
      allowInTests: ['vitest'],
      allowMessage: 'src/shared runs on both sides: only packages that run anywhere.',
    },
  },
  {
    folder: 'src/core',
    mayImport: ['src/shared'],
    message: 'src/core must not import the layers above it.',
    packages: {
      deny: [{ names: ['electron', 'electron-store', ...DOM_PACKAGES], message: 'src/core is plain Node: no Electron, no React, no DOM.' }],
    },
  },
  {
    folder: 'src/main',
    mayImport: ['src/core', 'src/shared'],
    message: 'src/main is the Electron shell over core: it imports core and shared, never the UI or browser mode.',
    packages: { deny: [{ names: ['react', 'react-dom'], message: 'src/main never imports the UI.' }] },
  },
  {
    folder: 'src/server',
    mayImport: ['src/core', 'src/shared'],
    message: 'src/server is browser mode: core and shared only.',
    packages: {
      deny: [{ names: ['electron', 'electron-store', 'react', 'react-dom'], message: 'src/server is browser mode: core and shared only.' }],
    },
  },
  {
    folder: 'src/renderer',
    mayImport: ['src/shared'],
    message: 'The renderer talks to the app only through src/shared/contract.',
    packages: {
      builtins: 'The renderer has no Node: ask the app through the contract.',
      deny: [{ names: NODE_PACKAGES, message: 'The renderer has no Node modules.' }],
    },
  },
];

/**
 * The folders of src/core from the bottom up. A folder imports only folders of lower rows; folders
 * of one row do not import each other. docs/architecture.md says what each row is for.
 */
const CORE_ORDER = {
  folder: 'src/core',
  tiers: [
    ['time', 'log', 'memory'],
    ['store'],
    ['settings', 'api'],
    ['secrets', 'openstack', 'connect', 'jobs'],
    ['courses', 'stream'],
    ['labs'],
    ['enrolment', 'cohort'],
    ['app'],
    ['cli'],
  ],
};

/**
 * The catalogue test (issue 25: "a test fails when a string in the UI is not in the catalogue"): no
 * literal text in the renderer's JSX nor in the attributes people read. What stays literal is the
 * reviewed allow-list below: attributes that are never shown, and strings that are not words.
 */
const UI_TEXT_RULE = {
  // JSX text, and string literals inside JSX (`{busy ? 'Saving…' : 'Save'}`) and its attributes.
  mode: 'jsx-only',
  'should-validate-template': true,
  // Only these attributes are read by people (or by their screen readers).
  'jsx-attributes': { include: ['aria-label', 'title', 'placeholder', 'alt', 'label', 'aria-description', 'aria-placeholder'] },
  // Calls whose string arguments are keys, class names or identifiers, not text.
  callees: {
    exclude: [
      'i18n(ext)?',
      't',
      'translate',
      'useTranslation',
      'classNames',
      'cx',
      'includes',
      'startsWith',
      'endsWith',
      'setAttribute',
      'getAttribute',
      'querySelector',
    ],
  },
  words: {
    exclude: [
      // Punctuation, digits, symbols and separators: '·', '—', '×', '…', '%', '/'.
      /^[\p{P}\p{S}\p{N}\s]+$/u,
      // Keyboard keys, shown as they are: 'Ctrl+Shift+P', 'Esc', '↑'.
      /^((Ctrl|Cmd|Shift|Alt|Enter|Esc|Tab|Space)\+?)+\w?$/,
      /^Ctrl\+Alt\+Del$/,
      // The text-size buttons' glyphs ('A−', 'A+'); their labels are translated.
      /^A[−+]$/,
      // A version ('v1.2.0' is written "v{version}"), a currency code, an example flavor rate line.
      /^v$/,
      /^[A-Z]{3}$/,
      /^m1\.large 0\.50 0\.01$/,
      // A command a learner types, shown as code.
      /^lab-console [a-z -]+ [A-Z]+$/,
      // Identifiers and addresses shown as examples ('intro-linux', 'https://keystone.example.org:5000/v3').
      /^[a-z0-9]+(-[a-z0-9]+)+$/,
      /^https?:\/\/\S+$/,
      // Pieces of element ids in template literals (`${id}-cap-${index}`).
      /^-[a-z-]*$/,
      // Protocol and product names, which are the same in every language.
      /^(SSH|RDP|VNC|URL|JSON|YAML|Heat|Keystone|OpenStack|Lab Console)$/,
    ],
  },
};

const EXCEPTIONS = [
  // `lab-console serve` starts browser mode: the one place core reaches up, loaded only when run.
  { file: 'src/core/cli/commands/serve.ts', mayImport: ['src/server'] },
];

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
      // zod's `z` is a namespace object: imported by name, the bundles must build it, and with it
      // every export of zod, which they then cannot leave out; `import * as z` lets them keep only
      // what is used. The CLI's cloud blob: 1.36 → 1.26 MB of source, ~10,000 fewer objects to
      // deserialise at every start (docs/operators.md, `openstack`).
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "ImportDeclaration[source.value='zod'][importKind!='type'] > :matches(ImportSpecifier[imported.name='z'][importKind!='type'], ImportDefaultSpecifier)",
          message: "Write `import * as z from 'zod'`: a named z keeps all of zod in the bundles.",
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'test/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['src/**'],
    plugins: { layers },
    rules: { 'layers/imports': ['error', { layers: LAYERS, order: CORE_ORDER, exceptions: EXCEPTIONS }] },
  },
  // Every string the CLI prints comes from its catalogue (the rule and its allow-list: scripts/eslint-cli-strings.mjs).
  cliStringsConfig,
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
    },
  },
  {
    files: ['src/renderer/**/*.tsx'],
    ignores: ['src/renderer/**/*.test.tsx'],
    plugins: { i18next },
    rules: { 'i18next/no-literal-string': ['error', UI_TEXT_RULE] },
  },
);
