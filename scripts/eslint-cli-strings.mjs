// The CLI's catalogue guard: a string a person reads in src/core/cli comes from the `cli` catalogue
// (src/shared/i18n/catalogue/en/cli.ts), never a literal in the code. eslint-plugin-i18next's
// no-literal-string flags every string literal and template text there, except what this reviewed
// allow-list names: identifiers and the syntax commander parses, which are the same in every language.
import i18next from 'eslint-plugin-i18next';

/** Whole literals that are not text for people. Anything with a space or a capital letter that is not listed is text. */
const NOT_TEXT = [
  // Identifiers: command and option names, enum values, job types, file names ("lab.launch", "invalid_input", "clouds.yaml").
  /^[a-z][a-z0-9]*(?:[._-][a-z0-9*]+)*$/,
  // commander's option flags and argument names: "-p, --port <port>", "--status <status...>", "<course>", "[course]".
  /^(?:-[a-zA-Z], )?--?[a-z][a-z-]*(?: [<[][\w.-]+(?:\.\.\.)?[>\]])?$/,
  /^[<[][\w.-]+(?:\.\.\.)?[>\]]$/,
  /^help \[command\]$/,
  // Constants and environment variables ("LC_ALL", "SIGINT").
  /^[A-Z][A-Z0-9_]*$/,
  // Error class names (`this.name = 'CliUsageError'`).
  /^[A-Z][A-Za-z]*Error$/,
  // Punctuation, symbols, digits and line breaks alone (a table's "—", "✓", "\n", "  "); template text is matched raw.
  /^(?:\\n|[\s\p{P}\p{S}\d])+$/u,
];

/** Calls whose string arguments are not printed: imports, the translate function, the log (its lines are for support, in English). */
const NOT_PRINTED = [
  't',
  'require',
  'import',
  'getFixedT',
  'logger\\??\\.(?:error|warn|info|debug)',
  'logger\\(\\)\\.(?:error|warn|info|debug)',
];

export const CLI_SOURCES = ['src/core/cli/**/*.ts'];
export const CLI_SOURCES_NOT_CHECKED = ['**/*.test.ts', '**/*.test-support.ts'];

export const cliStringsConfig = {
  files: CLI_SOURCES,
  ignores: CLI_SOURCES_NOT_CHECKED,
  plugins: { i18next },
  rules: {
    'i18next/no-literal-string': [
      'error',
      {
        mode: 'all',
        'should-validate-template': true,
        message: 'Text for people comes from the cli catalogue (src/shared/i18n/catalogue/en/cli.ts): t(key)',
        words: { exclude: NOT_TEXT },
        callees: { exclude: NOT_PRINTED },
        'object-properties': { exclude: ['[A-Z_-]+'] },
      },
    ],
  },
};
