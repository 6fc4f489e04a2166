import type { Command } from 'commander';
import type { AppFactory, CliRunContext } from './cli-run-context';

export interface CommandLoadOptions {
  /** How a long-running command (serve, jobs work --follow) waits for its end. */
  readonly waitForStop: (stop: () => Promise<void>) => Promise<void>;
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
  readonly description: string;
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
    description: 'Serve the Lab Console UI and API on 127.0.0.1 for a web browser (browser mode).',
    needsApp: true,
    load: async (context, options) => (await import('./commands/serve')).serveCommand(context, options.waitForStop),
  },
  {
    name: 'cloud',
    term: 'cloud',
    description: 'Clouds: those of clouds.yaml / secure.yaml / OS_* variables and those added in the app.',
    needsApp: false,
    load: async (context) => (await import('./commands/cloud')).cloudCommand(context),
  },
  {
    name: 'course',
    term: 'course',
    description: 'Course bundles: validate, pack and import them; read the library.',
    needsApp: true,
    load: async (context) => (await import('./commands/course')).courseCommand(context),
  },
  {
    name: 'jobs',
    term: 'jobs',
    description: 'Look at and run the queue of lab operations (launch, suspend, resume, delete).',
    needsApp: true,
    load: jobsWithLabs,
  },
  {
    name: 'lab',
    term: 'lab',
    description:
      'Launch, suspend, resume and delete the lab of a course (one per cloud user); ssh into it, run commands and progress checks.',
    needsApp: true,
    load: async (context) => (await import('./commands/lab')).labCommand(context),
  },
  {
    name: 'cohort',
    term: 'cohort',
    description: "A course's labs across the learner projects your cloud credentials reach.",
    needsApp: true,
    load: async (context) => (await import('./commands/cohort')).cohortCommand(context),
  },
  {
    name: 'enrol',
    term: 'enrol [options] <file>',
    description:
      'Open an enrolment file (<learner>.lab-enrol.json from your instructor): adds the cloud, imports the course bundle found beside it.',
    needsApp: true,
    load: async (context) => (await import('./commands/enrol')).enrolCommand(context),
  },
  {
    name: 'open',
    term: 'open <url>',
    description: 'Hand a labconsole:// link (open a course, enrol) to the Lab Console running on this data folder.',
    needsApp: false,
    load: async (context) => (await import('./commands/open')).openCommand(context),
  },
];

/** The app's factory, loaded only when a command needs it. */
export async function loadAppFactory(): Promise<AppFactory> {
  return (await import('../app/app-context')).createAppContext;
}
