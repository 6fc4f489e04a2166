import { restoreExtraCaCerts } from '../openstack/transport/extra-ca-certs';
import { runCli } from './cli-main';
import { prepareCliProcess } from './cli-startup';
import { restoreGlibcTunables } from './glibc-tunables';
import { exitOnceFlushed } from './process-exit';

// The bundled entry of the `lab-console` binary.
restoreExtraCaCerts();
restoreGlibcTunables();
prepareCliProcess();
await exitOnceFlushed(await runCli(process.argv.slice(2), { endsProcess: true }));
