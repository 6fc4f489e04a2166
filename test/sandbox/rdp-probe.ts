import { createHash } from 'node:crypto';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/**
 * Starts an RDP connection far enough to see the server's TLS certificate: an X.224 Connection
 * Request asking for TLS (MS-RDPBCGR 2.2.1.1, RDP_NEG_REQ with PROTOCOL_SSL), the Connection
 * Confirm (2.2.1.2), then a TLS handshake. Returns the certificate's SHA-256 (DER, lowercase hex).
 */
const CONNECTION_REQUEST = Buffer.from([
  0x03,
  0x00,
  0x00,
  0x13, // TPKT, length 19
  0x0e,
  0xe0,
  0x00,
  0x00,
  0x00,
  0x00,
  0x00, // X.224 CR TPDU
  0x01,
  0x00,
  0x08,
  0x00,
  0x01,
  0x00,
  0x00,
  0x00, // RDP_NEG_REQ: requestedProtocols = PROTOCOL_SSL
]);

export function rdpTlsCertificateSha256(port: number, host = '127.0.0.1', timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ port, host });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`RDP on ${host}:${port}: no TLS handshake within ${timeoutMs} ms`));
    }, timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    socket.once('error', fail);
    socket.once('connect', () => socket.write(CONNECTION_REQUEST));
    socket.once('data', (data: Buffer) => {
      // Connection Confirm carries RDP_NEG_RSP (type 2) with the selected protocol, or RDP_NEG_FAILURE (type 3)
      const negType = data[11];
      const selected = data.length >= 19 ? data.readUInt32LE(15) : -1;
      if (data[5] !== 0xd0 || negType !== 0x02 || selected !== 1) {
        return fail(new Error(`RDP on ${host}:${port} did not select TLS (reply ${data.toString('hex')})`));
      }
      const tls = tlsConnect({ socket, rejectUnauthorized: false }, () => {
        const der = tls.getPeerCertificate().raw;
        clearTimeout(timer);
        tls.destroy();
        resolve(createHash('sha256').update(der).digest('hex'));
      });
      tls.once('error', fail);
    });
  });
}
