import { Command } from 'commander';
import { z } from 'zod';
import { parseDeepLink } from '../../../shared/deep-link/deep-link';
import { NoRunningAppError, sendToControlSocket } from '../../app/control-socket';
import type { CliRunContext } from '../cli-run-context';
import { CliOperationError, CliUsageError } from '../cli-errors';

const OpenOutput = z.object({ url: z.string(), message: z.string() });

/** `lab-console open URL`: what clicking a labconsole:// link on a course page does. */
export function openCommand(context: () => CliRunContext): Command {
  return new Command('open')
    .description('Hand a labconsole:// link (open a course, enrol) to the Lab Console running on this data folder.')
    .argument('<url>', 'labconsole://open?course=ID[&step=ID] or labconsole://enrol?url=https://…')
    .addHelpText('after', '\nThe link goes through the control socket in the data folder (owner-only, never a network port).')
    .action(async (url: string) => {
      const ctx = context();
      const parsed = parseDeepLink(url);
      if (!parsed.ok) throw new CliUsageError(parsed.error, 'invalid_input');
      let reply;
      try {
        reply = await sendToControlSocket(ctx.homeDir, url);
      } catch (error) {
        if (error instanceof NoRunningAppError) throw new CliOperationError(error.message);
        throw new CliOperationError(`Could not reach Lab Console: ${(error as Error).message}`);
      }
      if (!reply.ok) throw new CliOperationError(reply.error);
      ctx.out.result(OpenOutput, { url, message: reply.message }, (r) => r.message);
    });
}
