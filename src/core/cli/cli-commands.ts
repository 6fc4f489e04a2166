import type { Command } from 'commander';
import type { AppFactory, CliRunContext } from './cli-run-context';
import type { CliT, CliText } from './cli-text';
import type { CloudCheckHeadStart } from './commands/cloud-check-head-start';
import type { CohortHeadStart } from './commands/cohort-head-start';

export interface CommandLoadOptions {
  /** How a long-running command (serve, jobs work --follow) waits for its end. */
  readonly waitForStop: (stop: () => Promise<void>) => Promise<void>;
  /** The run's language: help texts are written when the command is built. */
  readonly text: CliText;
  /** A `cloud check` begun before the program was built (the start-up snapshot's). */
  readonly cloudCheckHeadStart?: CloudCheckHeadStart;
  /** A `cohort list` or `cohort export` login sent before the program was built (the start-up snapshot's). */
  readonly cohortHeadStart?: CohortHeadStart;
}

/**
 * A top-level command: what `lab-console --help` lists for it, and how to load it. Only the command
 * that runs is loaded (its module, and the app's when it needs it), so `lab-console cloud check`
 * does not pay for the store, ssh2, RDP or the course tools. Help and suggestions of the others
 * come from `term` and `description`, which a test keeps equal to what each module declares.
 */
export interface CliCommandEntry {
  readonly name: string;
  /** The line commander prints in the command list, e.g. "serve [options]". */
  readonly term: string;
  readonly description: (t: CliT) => string;
  /** Whether its actions open the whole app (store, courses, labs); the cloud commands don't. */
  readonly needsApp: boolean;
  load(context: () => CliRunContext, options: CommandLoadOptions): Promise<Command>;
}

/** `jobs work` also enforces the lab policies: a pass at once, then every few seconds until it stops. */
async function jobsWithLabs(context: () => CliRunContext, options: CommandLoadOptions): Promise<Command> {
  const [{ jobsCommand }, { cliLabService }, { checkLabInput }] = await Promise.all([
    import('./commands/jobs'),
    import('./commands/lab'),
    import('./cli-input'),
  ]);
  return jobsCommand(context, {
    text: options.text,
    waitForStop: options.waitForStop,
    // The clouds a lab job would use: a bad one is exit 2 before any job runs.
    beforeWork: () => checkLabInput(context(), undefined),
    queue: () => cliLabService(context()).queue,
    duringWork: () => {
      const policies = cliLabService(context()).policies;
      policies.tick();
      const timer = setInterval(() => policies.tick(), 5_000);
      return () => clearInterval(timer);
    },
  });
}

/** Every top-level command, in the order of the help. A new one is a new entry here. */
export const CLI_COMMANDS: readonly CliCommandEntry[] = [
  {
    name: 'serve',
    term: 'serve [options]',
    description: (t) => t('serve.description'),
    needsApp: true,
    load: async (context, options) => (await import('./commands/serve')).serveCommand(context, options.waitForStop, options.text),
  },
  {
    name: 'cloud',
    term: 'cloud',
    description: (t) => t('cloud.description'),
    needsApp: false,
    load: async (context, options) => (await import('./commands/cloud')).cloudCommand(context, options.text, options.cloudCheckHeadStart),
  },
  {
    name: 'course',
    term: 'course',
    description: (t) => t('course.description'),
    needsApp: true,
    load: async (context, options) => (await import('./commands/course')).courseCommand(context, options.text),
  },
  {
    name: 'jobs',
    term: 'jobs',
    description: (t) => t('jobs.description'),
    needsApp: true,
    load: jobsWithLabs,
  },
  {
    name: 'lab',
    term: 'lab',
    description: (t) => t('lab.description'),
    needsApp: true,
    load: async (context, options) => (await import('./commands/lab')).labCommand(context, options.text),
  },
  {
    name: 'cohort',
    term: 'cohort',
    description: (t) => t('cohort.description'),
    needsApp: true,
    load: async (context, options) => (await import('./commands/cohort')).cohortCommand(context, options.text, options.cohortHeadStart),
  },
  {
    name: 'enrol',
    term: 'enrol [options] <file>',
    description: (t) => t('enrol.description'),
    needsApp: true,
    load: async (context, options) => (await import('./commands/enrol')).enrolCommand(context, options.text),
  },
  {
    name: 'open',
    term: 'open <url>',
    description: (t) => t('open.description'),
    needsApp: false,
    load: async (context, options) => (await import('./commands/open')).openCommand(context, options.text),
  },
];

/** The app's factory, loaded only when a command needs it. */
export async function loadAppFactory(): Promise<AppFactory> {
  return (await import('../app/app-context')).createAppContext;
}
