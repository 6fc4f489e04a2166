import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { createServer as createTlsServer, type ServerOptions as TlsServerOptions } from 'node:https';
import { connect as connectTcp, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';

/**
 * A server on loopback that records what reached it and refuses every login, as Keystone does a
 * wrong password; `extraHeaderBytes` of padding in one response header; over HTTPS with `tls` (its
 * certificate, and a client certificate it requires if it says so).
 */
export async function refusingKeystone(
  extraHeaderBytes = 0,
  tls?: TlsServerOptions,
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

/**
 * Keystone and Heat as far as `cloud check` goes, over HTTPS with `tls`: a login that succeeds, a
 * catalog naming this server for both services, and Heat's build_info; records what reached it.
 */
export async function acceptingCloud(tls: TlsServerOptions): Promise<{ server: Server; authUrl: string; seen: string[] }> {
  const seen: string[] = [];
  const server = createTlsServer(tls, (req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => {
      const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const endpoint = (url: string) => [{ interface: 'public', region: 'RegionOne', region_id: 'RegionOne', url }];
      if (req.method === 'POST' && req.url === '/v3/auth/tokens') {
        const expires = new Date(Date.now() + 3_600_000).toISOString();
        const catalog = [
          { type: 'identity', endpoints: endpoint(`${origin}/v3`) },
          { type: 'orchestration', endpoints: endpoint(`${origin}/v1/p1`) },
        ];
        const user = { id: 'u1', name: 'u' };
        const project = { id: 'p1', name: 'p' };
        res.writeHead(201, { 'content-type': 'application/json', 'x-subject-token': 'token' });
        res.end(JSON.stringify({ token: { expires_at: expires, methods: ['password'], user, project, catalog } }));
      } else if (req.method === 'GET' && req.url === '/v1/p1/build_info') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ api: { revision: 'test' }, engine: { revision: 'test' } }));
      } else {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, authUrl: `https://127.0.0.1:${(server.address() as AddressInfo).port}/v3`, seen };
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
 * or node and an entry), in `home`; what it printed to stderr and its exit code. `settings`: more of
 * the cloud's clouds.yaml keys (`cert`, `key`, …).
 */
export function cloudCheck(
  command: readonly [string, ...string[]],
  home: string,
  authUrl: string,
  env: NodeJS.ProcessEnv = {},
  settings: Readonly<Record<string, string>> = {},
): Promise<{ code: number | null; stderr: string }> {
  const cloudsYaml = join(home, 'clouds.yaml');
  const more = Object.entries(settings).map(([name, value]) => `    ${name}: ${JSON.stringify(value)}\n`);
  writeFileSync(
    cloudsYaml,
    `clouds:\n  c:\n    auth_type: password\n    auth: { auth_url: '${authUrl}', username: u, password: p, project_name: p }\n${more.join('')}`,
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
