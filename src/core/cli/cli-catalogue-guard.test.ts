/**
 * The CLI's catalogue guard (scripts/eslint-cli-strings.mjs, in the project's ESLint config): a
 * string a person reads in src/core/cli comes from the `cli` catalogue. The CLI's sources pass it,
 * and text written into a command is caught, while identifiers and commander's flags are not.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const RULE = 'i18next/no-literal-string';
const ROOT = new URL('../../../', import.meta.url).pathname;
const eslint = new ESLint({ cwd: ROOT });

async function literalsIn(code: string, filePath = 'src/core/cli/commands/planted.ts'): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === RULE).map((m) => `${m.line}`);
}

describe('the CLI catalogue guard', () => {
  it('finds no printed string literal in the CLI sources', async () => {
    const results = await eslint.lintFiles(['src/core/cli']);
    const found = results.flatMap((r) =>
      r.messages.filter((m) => m.ruleId === RULE).map((m) => `${r.filePath.slice(ROOT.length)}:${m.line}: ${m.message}`),
    );
    expect(found).toEqual([]);
    // The CLI's files were linted, not skipped by a pattern.
    expect(results.map((r) => r.filePath.slice(ROOT.length))).toContain('src/core/cli/commands/cohort.ts');
  }, 120_000);

  it('catches text written into a command: a message, a template, a help text', async () => {
    const code = [
      "import { Command } from 'commander';",
      "import { CliUsageError } from '../cli-errors';",
      'export function planted(out: { info(text: string): void }, n: number): Command {',
      "  if (n < 0) throw new CliUsageError('no secret: type it on a terminal');",
      '  out.info(`Wrote ${n} files`);',
      "  return new Command('plant').description('Plant a lab in the garden.');",
      '}',
    ].join('\n');
    expect(await literalsIn(code)).toEqual(['4', '5', '6']);
  });

  it('lets identifiers, flags, the translate function and the log through', async () => {
    const code = [
      "import { Command } from 'commander';",
      "import { CliUsageError } from '../cli-errors';",
      'export function planted(t: (key: string) => string, logger: { warn(m: string): void }): Command {',
      "  logger.warn('control socket not started');",
      "  if (process.env.LC_ALL === 'C') throw new CliUsageError(t('input.notCourseId'), 'invalid_input');",
      "  return new Command('plant').argument('<course>', t('lab.courseId')).option('-p, --port <port>', t('serve.port'));",
      '}',
    ].join('\n');
    expect(await literalsIn(code)).toEqual([]);
  });

  it('guards the CLI only: the same text elsewhere is not its business', async () => {
    expect(await literalsIn("export const x = () => new Error('Plant a lab in the garden.');", 'src/core/labs/planted.ts')).toEqual([]);
  });
});
