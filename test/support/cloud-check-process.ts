import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { connect as connectTcp, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';

/**
 * A server on loopback that records what reached it and refuses every login, as Keystone does a
 * wrong password; `extraHeaderBytes` of padding in one response header; over HTTPS with `tls`.
 */
export async function refusingKeystone(
  extraHeaderBytes = 0,
  tls?: { readonly cert: string; readonly key: string },
): Promise<{ server: Server; port: number; seen: string[] }> {
  const seen: string[] = [];
  const refuse: RequestListener = (req: IncomingMessage, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => {
      res.writeHead(401, {
        'content-type': 'application/json',
        ...(extraHeaderBytes ? { 'x-padding': 'p'.repeat(extraHeaderBytes) } : {}),
      });
      res.end(
        JSON.stringify({ error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } }),
      );
    });
  };
  const server = tls ? createTlsServer(tls, refuse) : createServer(refuse);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

/** An HTTP proxy on loopback that tunnels (CONNECT) every address to `port` on 127.0.0.1, recording what was asked. */
export async function tunnellingProxy(port: number): Promise<{ server: Server; url: string; tunnels: string[] }> {
  const tunnels: string[] = [];
  const server = createServer();
  server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    const upstream = connectTcp(port, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tunnels };
}

/**
 * `lab-console cloud check` of a cloud logging in at `authUrl`, started as `command` (the launcher,
 * or node and an entry), in `home`; what it printed to stderr and its exit code.
 */
export function cloudCheck(
  command: readonly [string, ...string[]],
  home: string,
  authUrl: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stderr: string }> {
  const cloudsYaml = join(home, 'clouds.yaml');
  writeFileSync(
    cloudsYaml,
    `clouds:\n  c:\n    auth_type: password\n    auth: { auth_url: '${authUrl}', username: u, password: p, project_name: p }\n`,
  );
  const [program, ...args] = command;
  const child = spawn(program, [...args, '--home', home, 'cloud', 'check', '--os-cloud', 'c'], {
    cwd: home,
    env: {
      // The machine's own proxy settings left out: a test names the one it wants.
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(https?|no)_proxy$/i.test(name))),
      OS_CLIENT_CONFIG_FILE: cloudsYaml,
      OS_CLIENT_SECURE_FILE: join(home, 'none.yaml'),
      ...env,
    },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}
