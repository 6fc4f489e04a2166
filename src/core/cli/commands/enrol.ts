import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { Command } from 'commander';
import { EnrolmentResult } from '../../../shared/contract/enrolment-calls';
import { apiCodeOf } from '../../api/user-error';
import { appEnrolment } from '../../enrolment/app-enrolment';
import type { CliContext } from '../cli-context';
import { CliOperationError, CliUsageError } from '../cli-errors';
import { promptHidden, readStdin } from '../secret-input';

/** `lab-console enrol FILE`: what "Open enrolment file…" does in the app. */
export function enrolCommand(context: () => CliContext): Command {
  return new Command('enrol')
    .description(
      'Open an enrolment file (<learner>.lab-enrol.json from your instructor): adds the cloud, imports the course bundle found beside it.',
    )
    .argument('<file>', 'the .lab-enrol.json file')
    .option('--password-stdin', 'read the cloud password from standard input')
    .addHelpText(
      'after',
      '\nThe password is asked for on a terminal, read with --password-stdin, or taken from $OS_PASSWORD. It is kept in the secret store.',
    )
    .action(async (file: string, options: { passwordStdin?: boolean }) => {
      const ctx = context();
      const path = resolve(file);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        throw new CliUsageError(
          `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
          'invalid_input',
        );
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
        const summary = service.read(basename(path), text);
        let password = options.passwordStdin ? await readStdin() : ctx.env.OS_PASSWORD;
        if (!password && process.stdin.isTTY)
          password = await promptHidden(`Password of ${summary.cloud.username} on ${summary.cloud.authUrl}: `);
        if (!password) throw new CliUsageError('no password: type it on a terminal, or use --password-stdin or $OS_PASSWORD');
        const result = await service.apply(basename(path), text, password, { bundleDir: dirname(path) });
        ctx.out.result(EnrolmentResult, result, (r) => r.message);
      } catch (error) {
        const code = apiCodeOf(error);
        if (code === 'invalid_input') throw new CliUsageError((error as Error).message, 'invalid_input');
        if (code) throw new CliOperationError((error as Error).message);
        throw error;
      }
    });
}
