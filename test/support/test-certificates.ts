import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Certificates for loopback TLS tests, made by openssl in one folder: EC P-256 keys, valid two days,
 * each kept as `<name>.pem` and `<name>.key` there.
 */
export class TestCertificates {
  constructor(readonly dir: string) {}

  /** A self-signed CA. */
  ca(name: string, commonName = name): this {
    this.openssl('req', '-x509', ...EC_KEY, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-subj', `/CN=${commonName}`, '-days', '2');
    return this;
  }

  /** A certificate signed by the CA `ca`, with one extension line (e.g. `subjectAltName=IP:127.0.0.1`). */
  signed(name: string, ca: string, extension: string, commonName = name): this {
    this.openssl('req', ...EC_KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${commonName}`);
    writeFileSync(this.path(`${name}.ext`), `${extension}\n`);
    const byCa = ['-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial'];
    this.openssl('x509', '-req', '-in', `${name}.csr`, ...byCa, '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.pem`);
    return this;
  }

  path(file: string): string {
    return join(this.dir, file);
  }

  read(file: string): string {
    return readFileSync(this.path(file), 'utf8');
  }

  private openssl(...args: string[]): void {
    execFileSync('openssl', args, { cwd: this.dir, stdio: 'pipe' });
  }
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
