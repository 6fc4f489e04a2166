import { runCli } from './cli-main';

// The bundled entry of the `lab-console` binary.
process.exitCode = await runCli(process.argv.slice(2));
