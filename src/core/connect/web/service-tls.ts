import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { englishMessage, type MessageRef } from '../../../shared/i18n/message';
import { certificateSha256, normaliseSha256 } from '../rdp/certificate-pin';
import type { HostKeyPins, PinKey } from '../ssh/host-key-pins';

/** Certificates of web consoles are remembered beside SSH host keys and RDP certificates, per lab stack. */
export const SERVICE_CERTIFICATE_KEY_TYPE = 'x509-sha256';

export class ServiceCertificateChanged extends Error {
  override readonly name = 'ServiceCertificateChanged';
  readonly kind = 'certificate-changed' as const;
  readonly localized: MessageRef;
  constructor(
    readonly service: string,
    readonly expectedSha256: string,
    readonly actualSha256: string,
  ) {
    const localized: MessageRef = { key: 'web.certificateChanged', params: { service, expected: expectedSha256, received: actualSha256 } };
    super(englishMessage(localized));
    this.localized = localized;
  }
}

/** The certificate rule of one service: the one the template publishes, else the first one seen for this lab. */
export interface ServiceCertificatePin {
  readonly service: string;
  check(actualSha256: string): void;
}

export function labServicePin(pins: HostKeyPins, key: PinKey, service: string, published: string | undefined): ServiceCertificatePin {
  return {
    service,
    check: (actual) => {
      const expected = published ? normaliseSha256(published) : pins.pinIfAbsent(key, SERVICE_CERTIFICATE_KEY_TYPE, actual).fingerprint;
      if (expected !== actual) throw new ServiceCertificateChanged(service, expected, actual);
    },
  };
}

/**
 * HTTPS to a lab service over a forward: the handshake, then the certificate checked against its
 * pin before the stream is handed on, so no request (or cookie) reaches a server that is not the one
 * first seen. The name is not checked: a lab's certificate is self-signed for whatever it likes.
 */
export function tlsToService(stream: Duplex, host: string, pin: ServiceCertificatePin): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({
      socket: stream,
      // The pin is the check: a self-signed certificate has no chain to verify.
      rejectUnauthorized: false,
      ...(isIP(host) ? {} : { servername: host }),
      ALPNProtocols: ['http/1.1'],
    });
    const fail = (error: unknown): void => {
      socket.destroy();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    socket.once('error', fail);
    socket.once('secureConnect', () => {
      try {
        pin.check(certificateSha256(socket.getPeerCertificate(true)));
        socket.removeListener('error', fail);
        resolve(socket);
      } catch (error) {
        fail(error);
      }
    });
  });
}
