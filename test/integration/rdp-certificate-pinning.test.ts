/**
 * Certificate pinning happens after the TLS handshake and before the login: against a real xrdp,
 * through a man in the middle that ends TLS with its own certificate and records what the client
 * sends inside TLS.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CertificateChanged, CertificateNotTrusted } from '../../src/core/connect/rdp/rdp-errors';
import { RdpSession, type RdpConnectOptions } from '../../src/core/connect/rdp/rdp-session';
import { describeWithXrdp, type RdpTarget } from './rdp-target';
import { TlsInterceptor } from './rdp-tls-interceptor';

describeWithXrdp('RDP certificate pinning', (target) => {
  let xrdp: RdpTarget;
  let interceptor: TlsInterceptor;
  const sessions: RdpSession[] = [];

  beforeAll(async () => {
    xrdp = target();
    interceptor = await TlsInterceptor.start({ host: xrdp.host, port: xrdp.port });
  });

  afterAll(async () => {
    await Promise.all(sessions.map((s) => s.close()));
    await interceptor?.stop();
  });

  function connect(overrides: Partial<RdpConnectOptions>): RdpSession {
    const session = RdpSession.connect({
      host: xrdp.host,
      port: xrdp.port,
      user: xrdp.user,
      password: xrdp.password,
      width: 800,
      height: 600,
      bpp: 24,
      pin: { expectedSha256: xrdp.certSha256, onFirstUse: async () => expect.fail('no first use expected') },
      ...overrides,
    });
    sessions.push(session);
    return session;
  }

  const viaInterceptor = () => ({ host: '127.0.0.1', port: interceptor.port });
  const passwordOnTheWire = () => interceptor.clientPlaintext.includes(Buffer.from(xrdp.password, 'utf16le'));

  function reset(): void {
    interceptor.clientPlaintext = Buffer.alloc(0);
    interceptor.handshakes = 0;
  }

  it('logs in when the server shows the pinned certificate', async () => {
    const session = connect({});
    await session.ready();
    expect(session.certificateSha256).toBe(xrdp.certSha256);
    await session.close();
  });

  it('sees the password inside TLS when the interceptor’s certificate is trusted (the control for the next test)', async () => {
    reset();
    const session = connect({
      ...viaInterceptor(),
      pin: { expectedSha256: interceptor.certificateSha256, onFirstUse: async () => undefined },
    });
    await session.ready();
    expect(passwordOnTheWire()).toBe(true);
    await session.close();
  });

  it('stops at a changed certificate after the handshake, having sent nothing inside TLS', async () => {
    reset();
    const session = connect(viaInterceptor());
    const error = await session.ready().then(
      () => expect.fail('connected through the interceptor'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CertificateChanged);
    expect(error).toMatchObject({ expectedSha256: xrdp.certSha256, actualSha256: interceptor.certificateSha256 });
    expect((error as Error).message).toMatch(/password was not sent/);
    await new Promise((resolve) => setTimeout(resolve, 300)); // anything in flight would arrive by now
    expect(interceptor.handshakes).toBe(1);
    expect(interceptor.clientPlaintext.length).toBe(0);
    expect(passwordOnTheWire()).toBe(false);
  });

  it('asks on first use before sending anything, and goes on once the certificate is accepted', async () => {
    reset();
    const seen: { sha256: string; plaintextSoFar: number }[] = [];
    const session = connect({
      ...viaInterceptor(),
      pin: { onFirstUse: async (sha256) => void seen.push({ sha256, plaintextSoFar: interceptor.clientPlaintext.length }) },
    });
    await session.ready();
    expect(seen).toEqual([{ sha256: interceptor.certificateSha256, plaintextSoFar: 0 }]);
    expect(passwordOnTheWire()).toBe(true);
    await session.close();
  });

  it('sends nothing when the first-use step refuses the certificate', async () => {
    reset();
    const session = connect({
      ...viaInterceptor(),
      pin: {
        onFirstUse: async () => {
          throw new Error('the learner declined the certificate');
        },
      },
    });
    const error = await session.ready().then(
      () => expect.fail('connected'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CertificateNotTrusted);
    expect((error as Error).message).toMatch(/declined the certificate.*password was not sent/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(interceptor.clientPlaintext.length).toBe(0);
  });
});
