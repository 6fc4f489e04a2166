import { readFileSync } from 'node:fs';
import type * as NodeTls from 'node:tls';

/*
 * node reads and parses the file named by NODE_EXTRA_CA_CERTS when it starts, before any script:
 * with a system bundle (~140 certificates) that is ~50 ms of CPU in every command, also in those
 * that never open a TLS connection. bin/lab-console therefore hands the name over in
 * DEFERRED_EXTRA_CA_CERTS; the CLI puts it back first thing (so every process it starts sees the
 * user's environment), and the certificates are read here, once, when the first connection that
 * verifies against node's default roots is opened, and added to those roots as node would have.
 */

/** The variable bin/lab-console moves NODE_EXTRA_CA_CERTS into. */
export const DEFERRED_EXTRA_CA_CERTS = 'LAB_CONSOLE_EXTRA_CA_CERTS';

let deferredFile: string | undefined;
let extraText: string | null | undefined;
let shared: NodeTls.SecureContext | undefined;

/** Puts NODE_EXTRA_CA_CERTS back as the user set it, and remembers that node has not loaded it. */
export function restoreExtraCaCerts(env: NodeJS.ProcessEnv = process.env): void {
  const file = env[DEFERRED_EXTRA_CA_CERTS];
  if (file === undefined) return;
  delete env[DEFERRED_EXTRA_CA_CERTS];
  env.NODE_EXTRA_CA_CERTS = file;
  deferredFile = file || undefined;
}

/** Whether connections verifying against the default roots must add the deferred certificates themselves. */
export function extraCaCertsDeferred(): boolean {
  return deferredFile !== undefined;
}

/** node:tls, loaded at the first TLS connection as undici loads it: a command without one does not load it. */
function tls(): typeof NodeTls {
  return process.getBuiltinModule('node:tls');
}

/** The deferred file's text, read at the first call; undefined (and node's warning) when it cannot be read. */
function extraPem(file: string): string | undefined {
  if (extraText === undefined) {
    try {
      extraText = readFileSync(file, 'latin1');
    } catch (error) {
      // node's own words for a file it cannot read: a warning, and the default roots alone.
      process.stderr.write(`Warning: Ignoring extra certs from \`${file}\`, load failed: ${(error as Error).message}\n`);
      extraText = null;
    }
  }
  return extraText ?? undefined;
}

/** What node's SecureContext holds, past its public face: the native context `ca`, `cert` and `key` are given to. */
interface NativeContext {
  readonly context?: { addCACert?(pem: string): void };
}

/** Adds certificates into a secure context's copy of node's root store; false when it cannot. */
export type AddToRootStore = (context: NodeTls.SecureContext, pem: string) => boolean;

/**
 * node's way, as it adds NODE_EXTRA_CA_CERTS: the native context's addCACert, an internal that a
 * node of another version or build may not have.
 */
export const addWithNodeInternal: AddToRootStore = (context, pem) => {
  const native = (context as NativeContext).context;
  if (typeof native?.addCACert !== 'function') return false;
  native.addCACert(pem);
  return true;
};

/**
 * node's default roots (those it was started with: built in, or OpenSSL's with --use-openssl-ca)
 * and `pem`'s certificates, added as node adds NODE_EXTRA_CA_CERTS: into a copy of the root store.
 * Where `addToRootStore` cannot, the roots and `pem` are given as `ca`, which parses the roots
 * again (~25 ms more for a system bundle) but trusts the same certificates.
 */
export function secureContextWithExtraCa(
  pem: string | undefined,
  client: { readonly certPem?: string; readonly keyPem?: string },
  addToRootStore: AddToRootStore = addWithNodeInternal,
): NodeTls.SecureContext {
  const { createSecureContext, rootCertificates } = tls();
  const clientOptions = { ...(client.certPem ? { cert: client.certPem } : {}), ...(client.keyPem ? { key: client.keyPem } : {}) };
  const context = createSecureContext(clientOptions);
  if (pem === undefined || addToRootStore(context, pem)) return context;
  return createSecureContext({ ...clientOptions, ca: [...rootCertificates, pem] });
}

/**
 * The secure context of a connection that verifies against the default roots (no `cacert` of its
 * own), with the client certificate if any; undefined when node loaded the extra certificates itself.
 * Without a client certificate every connection shares one.
 */
export function defaultRootsContext(client: { readonly certPem?: string; readonly keyPem?: string }): NodeTls.SecureContext | undefined {
  if (deferredFile === undefined) return undefined;
  if (client.certPem || client.keyPem) return secureContextWithExtraCa(extraPem(deferredFile), client);
  return (shared ??= secureContextWithExtraCa(extraPem(deferredFile), {}));
}
