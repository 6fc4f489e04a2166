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
let roots: readonly string[] | undefined;

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

/** node's own roots and the deferred file's certificates, read at the first call. */
function defaultRootsWithExtra(file: string): readonly string[] {
  if (roots) return roots;
  let extra: string[] = [];
  try {
    extra = [readFileSync(file, 'latin1')];
  } catch (error) {
    // node's own words for a file it cannot read: a warning, and the default roots alone.
    process.stderr.write(`Warning: Ignoring extra certs from \`${file}\`, load failed: ${(error as Error).message}\n`);
  }
  roots = [...tls().rootCertificates, ...extra];
  return roots;
}

/**
 * The secure context of a connection that verifies against the default roots (no `cacert` of its
 * own), with the client certificate if any; undefined when node loaded the extra certificates itself.
 */
export function defaultRootsContext(client: { readonly certPem?: string; readonly keyPem?: string }): NodeTls.SecureContext | undefined {
  if (deferredFile === undefined) return undefined;
  return tls().createSecureContext({
    ca: [...defaultRootsWithExtra(deferredFile)],
    ...(client.certPem ? { cert: client.certPem } : {}),
    ...(client.keyPem ? { key: client.keyPem } : {}),
  });
}
