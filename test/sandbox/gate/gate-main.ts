/**
 * The lab gate: a small daemon of the sandbox that gives each Heat lab host its own sshd and
 * RDP port while the stack is up, and takes them away while it is suspended or deleted.
 * The Sandbox::LabHost Heat plugin calls it; tests use it to list labs or change a host key.
 *
 *   node --import tsx test/sandbox/gate/gate-main.ts --dir .sandbox --port PORT
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import * as z from 'zod';
import { LabGate, labHostInfoSchema } from './lab-gate';
import { LAB_ID_PATTERN, LabRegistry, labRequestSchema } from './lab-registry';

function arg(name: string): string {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? process.argv[index + 1] : undefined;
  if (!value) throw new Error(`gate-main: --${name} is required`);
  return value;
}

const dir = arg('dir');
const port = Number(arg('port'));
const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
const info = labHostInfoSchema.parse(JSON.parse(readFileSync(join(dir, 'lab-host.json'), 'utf8')));
const gate = new LabGate(new LabRegistry(join(dir, 'labs')), info, log);
const gateFile = join(dir, 'gate.json');

async function body(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

function reply(response: ServerResponse, status: number, value?: unknown): void {
  const text = value === undefined ? '' : JSON.stringify(value);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://gate');
  const parts = url.pathname.split('/').filter(Boolean);
  if (parts[0] === 'health') return reply(response, 200, { ok: true, pid: process.pid });
  if (parts[0] !== 'labs') return reply(response, 404, { error: `no route ${url.pathname}` });
  if (parts.length === 1 && request.method === 'GET') return reply(response, 200, gate.list());
  const id = parts[1] ?? '';
  if (!LAB_ID_PATTERN.test(id)) return reply(response, 400, { error: `invalid lab id ${id}` });
  if (parts.length === 2 && request.method === 'GET') {
    const lab = gate.get(id);
    return lab ? reply(response, 200, lab) : reply(response, 404, { error: `no lab ${id}` });
  }
  if (parts.length === 2 && request.method === 'PUT') {
    const parsed = labRequestSchema.safeParse(await body(request));
    if (!parsed.success) return reply(response, 400, { error: parsed.error.message });
    return reply(response, 200, await gate.apply(id, parsed.data));
  }
  if (parts.length === 2 && request.method === 'DELETE') {
    await gate.remove(id);
    return reply(response, 204);
  }
  if (parts.length === 3 && parts[2] === 'host-key' && request.method === 'POST') {
    const lab = await gate.rotateHostKey(id);
    return lab ? reply(response, 200, lab) : reply(response, 404, { error: `no lab ${id}` });
  }
  if (parts.length === 3 && parts[2] === 'vnc-certificate' && request.method === 'POST') {
    const lab = await gate.rotateVncCertificate(id);
    return lab ? reply(response, 200, lab) : reply(response, 404, { error: `no lab ${id}` });
  }
  if (parts.length === 3 && parts[2] === 'sftp' && request.method === 'PUT') {
    const parsed = z
      .object({ enabled: z.boolean() })
      .strict()
      .safeParse(await body(request));
    if (!parsed.success) return reply(response, 400, { error: parsed.error.message });
    const lab = await gate.setSftp(id, parsed.data.enabled);
    return lab ? reply(response, 200, lab) : reply(response, 404, { error: `no lab ${id}` });
  }
  return reply(response, 405, { error: `${request.method} ${url.pathname} is not supported` });
}

const server = createServer((request, response) => {
  route(request, response).catch((error: Error) => {
    log(`${request.method} ${request.url} failed: ${error.message}`);
    if (!response.headersSent) reply(response, 500, { error: error.message });
  });
});

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping every lab host`);
  rmSync(gateFile, { force: true });
  server.close();
  await gate.shutdown();
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));

await gate.restore();
server.listen({ port, host: '127.0.0.1' }, () => {
  writeFileSync(gateFile, JSON.stringify({ url: `http://127.0.0.1:${port}`, pid: process.pid }));
  log(`lab gate listening on 127.0.0.1:${port}; ${gate.list().length} lab(s) known`);
});
