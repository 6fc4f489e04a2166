import { readFile } from 'node:fs/promises';
import type { Logger } from '../log/logger';
import type { ResolvedCloud } from './clouds-config/cloud-types';
import { CloudConfigError } from './errors';
import type { TlsMaterial } from './transport/dispatcher';

/** Reads the cloud's cacert / cert / key files; a file that cannot be read is named with its field. */
export async function loadTlsMaterial(cloud: ResolvedCloud, logger: Logger): Promise<TlsMaterial> {
  const { tls } = cloud;
  const read = async (path: string | undefined, field: string): Promise<string | undefined> => {
    if (!path) return undefined;
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      throw new CloudConfigError(
        `cloud "${cloud.name}": ${field} file ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        cloud.origin.locate([field]),
      );
    }
  };
  if (!tls.verify) {
    logger.warn(
      `TLS verification is off for cloud "${cloud.name}" (verify: false / insecure): anyone on the network path can read the password and tokens`,
      { cloud: cloud.name },
    );
  }
  const caPem = tls.cacertPem ?? (await read(tls.cacertFile, 'cacert'));
  if (caPem !== undefined && !caPem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new CloudConfigError(`cloud "${cloud.name}": cacert holds no PEM certificate`, cloud.origin.locate(['cacert']));
  }
  return {
    verify: tls.verify,
    caPem,
    certPem: await read(tls.certFile, 'cert'),
    keyPem: await read(tls.keyFile, 'key'),
  };
}
