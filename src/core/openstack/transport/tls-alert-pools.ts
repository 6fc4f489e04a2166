import { buildConnector, Pool, type Dispatcher } from 'undici';

/*
 * A TLS 1.3 server that wants a client certificate and gets none (or one it does not trust) sends
 * its alert after the client's side of the handshake is done: it reaches the socket as an error
 * while the first request is on its way, followed by the end of the connection. undici keeps the
 * last of the two, and the request failed with "other side closed", a reset worth retrying, where
 * the server had said which certificate it wanted. Ending the socket with the alert's error
 * (OpenSSL's ERR_SSL_* codes, fatal to the connection anyway) makes the request fail with it.
 */

function endingOnTlsError(connect: buildConnector.connector): buildConnector.connector {
  return (options, callback) =>
    connect(options, (...result) => {
      const socket = result[1];
      socket?.prependListener('error', (failure: NodeJS.ErrnoException) => {
        if (failure.code?.startsWith('ERR_SSL_') && !socket.destroyed) socket.destroy(failure);
      });
      callback(...result);
    });
}

/**
 * undici's default pool per origin, whose connections fail with the TLS alert the server sent.
 * For an Agent, an EnvHttpProxyAgent and the ProxyAgents it makes (`factory`), so that a tunnel's
 * TLS connection with the cloud gets it too.
 */
export function poolEndingOnTlsError(origin: string | URL, options: object): Dispatcher {
  const { connect, ...rest } = options as Pool.Options;
  const connector = typeof connect === 'function' ? connect : buildConnector({ ...connect });
  return new Pool(origin, { ...rest, connect: endingOnTlsError(connector) });
}
