import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createSecureContext, createServer, type SecureContext, type Server } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWithNodeInternal, secureContextWithExtraCa, type AddToRootStore } from './extra-ca-certs';

/**
 * The deferred NODE_EXTRA_CA_CERTS reach node's roots through an internal of node's secure context;
 * a node without it gets the roots and the file as `ca`. Both ways, on real loopback handshakes:
 * the CA only the file names is trusted, an unrelated one is not, and a client certificate is sent.
 */
let dir: string;
let fileCaPem: string;
let client: { certPem: string; keyPem: string };
const servers: Server[] = [];
/** Ports of servers signed by the CA the file names, by an unrelated CA, and one that requires a client certificate. */
const ports = { fileCa: 0, unrelatedCa: 0, clientCertRequired: 0 };

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

const read = (name: string): string => readFileSync(join(dir, name), 'utf8');

function makeCa(name: string): void {
  openssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.pem`,
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
  );
}

function signed(name: string, ca: string, extension: string): void {
  openssl(
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    `/CN=${name}`,
  );
  writeFileSync(join(dir, `${name}.ext`), `${extension}\n`);
  openssl(
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.pem`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    `${name}.ext`,
    '-out',
    `${name}.pem`,
  );
}

async function listen(options: Parameters<typeof createServer>[0]): Promise<number> {
  const server = createServer(options, (socket) => socket.end('hello\n'));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'extra-ca-'));
  makeCa('file-ca');
  makeCa('unrelated-ca');
  makeCa('client-ca');
  signed('file-server', 'file-ca', 'subjectAltName=IP:127.0.0.1');
  signed('unrelated-server', 'unrelated-ca', 'subjectAltName=IP:127.0.0.1');
  signed('client', 'client-ca', 'extendedKeyUsage=clientAuth');
  fileCaPem = read('file-ca.pem');
  client = { certPem: read('client.pem'), keyPem: read('client.key') };
  ports.fileCa = await listen({ cert: read('file-server.pem'), key: read('file-server.key') });
  ports.unrelatedCa = await listen({ cert: read('unrelated-server.pem'), key: read('unrelated-server.key') });
  ports.clientCertRequired = await listen({
    cert: read('file-server.pem'),
    key: read('file-server.key'),
    ca: read('client-ca.pem'),
    requestCert: true,
    rejectUnauthorized: true,
  });
}, 60_000);

afterAll(() => {
  for (const server of servers) server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What a verifying client with `secureContext` gets from the server on `port`: its greeting, or the error's code. */
function handshake(port: number, secureContext: SecureContext): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, secureContext, rejectUnauthorized: true });
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => resolve(text));
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** A node whose secure context has no way into its root store. */
const withoutNodeInternal: AddToRootStore = () => false;

describe.each([
  ['with node’s internal', addWithNodeInternal],
  ['on a node without that internal (roots and file given as ca)', withoutNodeInternal],
])('The deferred extra CA certificates, %s', (_name, addToRootStore) => {
  it('trust a server whose CA only the file names', async () => {
    expect(await handshake(ports.fileCa, secureContextWithExtraCa(fileCaPem, {}, addToRootStore))).toBe('hello\n');
  });

  it('still refuse a server signed by an unrelated CA', async () => {
    const context = secureContextWithExtraCa(fileCaPem, {}, addToRootStore);
    expect(await handshake(ports.unrelatedCa, context)).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('send the cloud’s client certificate to a server that requires one', async () => {
    expect(await handshake(ports.clientCertRequired, secureContextWithExtraCa(fileCaPem, client, addToRootStore))).toBe('hello\n');
  });
});

describe('The deferred extra CA certificates', () => {
  it('reach the root store through node’s internal on this node, so the cases above test both ways', () => {
    expect(addWithNodeInternal(createSecureContext(), fileCaPem)).toBe(true);
  });

  it('are not what makes the file’s CA trusted without them: node’s roots alone refuse it', async () => {
    expect(await handshake(ports.fileCa, secureContextWithExtraCa(undefined, {}))).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });
});
