import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { basename, dirname, resolve } from 'node:path';
import { Command } from 'commander';
import { EnrolmentResult } from '../../../shared/contract/enrolment-calls';
import { apiCodeOf } from '../../api/user-error';
import { appEnrolment } from '../../enrolment/app-enrolment';
import { downloadCourseBundle } from '../../enrolment/bundle-download';
import type { ApplyOptions } from '../../enrolment/enrolment-service';
import type { CliContext } from '../cli-context';
import { CliOperationError, CliUsageError } from '../cli-errors';
import { promptHidden, readStdin } from '../secret-input';
import type { CliText } from '../cli-text';

/** `lab-console enrol FILE`: what "Open enrolment file…" does in the app. */
export function enrolCommand(context: () => CliContext, text: CliText): Command {
  const { t } = text;
  return new Command('enrol')
    .description(t('enrol.description'))
    .argument('<file>', t('enrol.file'))
    .option('--password-stdin', t('enrol.passwordStdin'))
    .option('--yes', t('enrol.yes'))
    .addHelpText('after', `\n${t('enrol.after')}`)
    .action(async (file: string, options: { passwordStdin?: boolean; yes?: boolean }) => {
      const ctx = context();
      const path = resolve(file);
      let fileText: string;
      try {
        fileText = readFileSync(path, 'utf8');
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        throw new CliUsageError(t('enrol.unreadable', { file, reason }), 'invalid_input');
      }
      const app = ctx.app();
      const service = appEnrolment({
        settings: app.settings,
        secrets: app.secrets,
        courses: app.courses,
        clock: app.clock,
        logger: app.logger,
        env: ctx.env,
      });
      try {
        const summary = service.read(basename(path), fileText);
        // Before anything is added: where the bundle named by URL comes from, and whether to fetch it.
        let fetchBundle: ApplyOptions['fetchBundle'];
        if (summary.bundle && /^[a-z][a-z0-9+.-]*:\/\//i.test(summary.bundle) && !summary.courseInLibrary) {
          ctx.out.info(t('enrol.bundleFrom', { courseId: summary.courseId, url: summary.bundle }));
          if (options.yes || (await confirmed(text))) fetchBundle = (url) => downloadCourseBundle(url);
          else if (!process.stdin.isTTY) ctx.out.info(t('enrol.bundleNeedsYes'));
        }
        let password = options.passwordStdin ? await readStdin() : ctx.env.OS_PASSWORD;
        if (!password && process.stdin.isTTY)
          password = await promptHidden(t('enrol.promptPassword', { user: summary.cloud.username, authUrl: summary.cloud.authUrl }));
        if (!password) throw new CliUsageError(t('enrol.noPassword'));
        const result = await service.apply(basename(path), fileText, password, { bundleDir: dirname(path), fetchBundle });
        ctx.out.result(EnrolmentResult, result, (r) => r.message);
      } catch (error) {
        const code = apiCodeOf(error);
        if (code === 'invalid_input') throw new CliUsageError((error as Error).message, 'invalid_input');
        if (code) throw new CliOperationError((error as Error).message);
        throw error;
      }
    });
}

/** Asks on the terminal; no terminal is no. */
async function confirmed({ t }: CliText): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await rl.question(t('enrol.confirmBundle'))).trim().toLowerCase();
    return t('enrol.yesAnswers').split(',').includes(answer);
  } finally {
    rl.close();
  }
}
