import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createSecureContext, createServer, type SecureContext, type Server } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestCertificates } from '../../../../test/support/test-certificates';
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

async function listen(options: Parameters<typeof createServer>[0]): Promise<number> {
  const server = createServer(options, (socket) => socket.end('hello\n'));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'extra-ca-'));
  const made = new TestCertificates(dir)
    .ca('file-ca')
    .ca('unrelated-ca')
    .ca('client-ca')
    .signed('file-server', 'file-ca', 'subjectAltName=IP:127.0.0.1')
    .signed('unrelated-server', 'unrelated-ca', 'subjectAltName=IP:127.0.0.1')
    .signed('client', 'client-ca', 'extendedKeyUsage=clientAuth');
  const read = (name: string) => made.read(name);
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
