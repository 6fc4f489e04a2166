/**
 * The practical floor of an OpenStack CLI command: its requests sent with undici — bundled as the CLI
 * bundles it (scripts/cli-bundling.mjs) — by a program with no code of Lab Console in it. It starts
 * as a plain `node file.mjs`, compiles undici's WebAssembly parser with Liftoff only and exits as soon
 * as its output is flushed, as lab-console does: what it takes is what node and undici cost.
 * - `check`: `cloud check`'s two requests (POST /v3/auth/tokens, whose answer carries the catalog,
 *   then Heat's GET /build_info);
 * - `list`: the stack list's (the token, then GET /stacks), one line per stack.
 * The bench hands it what reading clouds.yaml would give (LAB_BENCH_FLOOR_CLOUD, JSON): the token
 * URL, the request body, the interface and region to pick Heat's endpoint with.
 */
import { setFlagsFromString } from 'node:v8';
import { Agent, request } from 'undici';

export interface FloorCloud {
  readonly tokensUrl: string;
  readonly body: unknown;
  readonly interface: string;
  readonly region?: string;
}

interface CatalogEntry {
  readonly type: string;
  readonly endpoints: readonly { readonly interface: string; readonly region_id?: string; readonly url: string }[];
}

async function main(command: string | undefined, cloud: FloorCloud): Promise<string> {
  const dispatcher = new Agent();
  const auth = await request(cloud.tokensUrl, {
    dispatcher,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(cloud.body),
  });
  const answer = (await auth.body.json()) as { token: { catalog: readonly CatalogEntry[] } };
  const token = auth.headers['x-subject-token'];
  if (auth.statusCode !== 201 || typeof token !== 'string') throw new Error(`Keystone answered ${auth.statusCode}`);
  const heat = answer.token.catalog
    .find((service) => service.type === 'orchestration')
    ?.endpoints.find((e) => e.interface === cloud.interface && (!cloud.region || e.region_id === cloud.region))?.url;
  if (!heat) throw new Error('no orchestration endpoint in the catalog');
  const heatAnswer = await request(`${heat.replace(/\/+$/, '')}/${command === 'list' ? 'stacks' : 'build_info'}`, {
    dispatcher,
    headers: { 'x-auth-token': token, accept: 'application/json' },
  });
  const body = await heatAnswer.body.json();
  if (heatAnswer.statusCode !== 200) throw new Error(`Heat answered ${heatAnswer.statusCode}`);
  if (command !== 'list') return `authenticated; Heat at ${heat}: ${JSON.stringify(body)}\n`;
  const { stacks } = body as { stacks: readonly { id: string; stack_name: string; stack_status: string; creation_time: string }[] };
  return `${stacks.map((s) => `${s.id}  ${s.stack_name}  ${s.stack_status}  ${s.creation_time}`).join('\n')}\n`;
}

// Before the first request: the flag applies to WebAssembly compiled after it is set.
setFlagsFromString('--liftoff-only');
const code = await main(process.argv[2], JSON.parse(process.env.LAB_BENCH_FLOOR_CLOUD ?? '{}') as FloorCloud).then(
  (out) => (process.stdout.write(out), 0),
  (error: unknown) => (process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`), 1),
);
process.stdout.write('', () => process.exit(code));
