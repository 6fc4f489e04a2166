import { config as zodConfig } from 'zod';
import { keepRelayObjectsYoung } from '../memory/young-relay-objects';
import { preferBaselineWebAssembly } from './process-exit';

/**
 * What a CLI process sets before its command loads. zod compiles each object schema into a
 * parser (`new Function`) the first time it parses: a gain after thousands of parses, a cost of
 * ~80 ms CPU for a command that parses a few documents (its config, one token, its output). The
 * flag is read as each schema is built, so it must be set before the first schema module loads:
 * commands and the app are loaded with import() after this runs (src/core/cli/cli-commands.ts).
 * V8's flags go with it: pretenuring off (young-relay-objects.ts) only works from before the
 * modules load.
 */
export function prepareCliProcess(): void {
  prepareCliModules();
  preferBaselineWebAssembly();
  keepRelayObjectsYoung();
}

/**
 * The part of prepareCliProcess that belongs to the modules, not to V8: the CLI's start-up snapshot
 * sets it while it is built (a V8 flag set then would be part of the blob's configuration, which
 * node refuses to start from), and sets the V8 flag when it runs.
 */
export function prepareCliModules(): void {
  zodConfig({ jitless: true });
}
