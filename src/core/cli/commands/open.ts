import { Command } from 'commander';
import * as z from 'zod';
import { parseDeepLink } from '../../../shared/deep-link/deep-link';
import { NoRunningAppError, sendToControlSocket } from '../../app/control-socket';
import type { CliRunContext } from '../cli-run-context';
import { CliOperationError, CliUsageError } from '../cli-errors';
import type { CliText } from '../cli-text';

const OpenOutput = z.object({ url: z.string(), message: z.string() });

/** `lab-console open URL`: what clicking a labconsole:// link on a course page does. */
export function openCommand(context: () => CliRunContext, text: CliText): Command {
  const { t } = text;
  return new Command('open')
    .description(t('open.description'))
    .argument('<url>', t('open.url'))
    .addHelpText('after', `\n${t('open.after')}`)
    .action(async (url: string) => {
      const ctx = context();
      const parsed = parseDeepLink(url);
      if (!parsed.ok) throw new CliUsageError(parsed.error, 'invalid_input');
      let reply;
      try {
        reply = await sendToControlSocket(ctx.homeDir, url);
      } catch (error) {
        if (error instanceof NoRunningAppError) throw new CliOperationError(error.message);
        throw new CliOperationError(t('open.unreachable', { message: (error as Error).message }));
      }
      if (!reply.ok) throw new CliOperationError(reply.error);
      ctx.out.result(OpenOutput, { url, message: reply.message }, (r) => r.message);
    });
}
