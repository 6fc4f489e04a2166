import { runCli } from './cli-main';
import { exitOnceFlushed, preferBaselineWebAssembly } from './process-exit';

// The bundled entry of the `lab-console` binary.
preferBaselineWebAssembly();
await exitOnceFlushed(await runCli(process.argv.slice(2)));
