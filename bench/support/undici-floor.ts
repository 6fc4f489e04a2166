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
import { Agent, request } from 'undici';
import { floorLogin, runFloor, type FloorCloud } from './undici-floor-login';

export type { FloorCloud } from './undici-floor-login';

async function main(command: string | undefined, cloud: FloorCloud): Promise<string> {
  const dispatcher = new Agent();
  const login = await floorLogin(dispatcher, cloud.tokensUrl, cloud.body, cloud);
  const heat = login.endpoint('orchestration');
  const heatAnswer = await request(`${heat}/${command === 'list' ? 'stacks' : 'build_info'}`, {
    dispatcher,
    headers: { 'x-auth-token': login.token, accept: 'application/json' },
  });
  const body = await heatAnswer.body.json();
  if (heatAnswer.statusCode !== 200) throw new Error(`Heat answered ${heatAnswer.statusCode}`);
  if (command !== 'list') return `authenticated; Heat at ${heat}: ${JSON.stringify(body)}\n`;
  const { stacks } = body as { stacks: readonly { id: string; stack_name: string; stack_status: string; creation_time: string }[] };
  return `${stacks.map((s) => `${s.id}  ${s.stack_name}  ${s.stack_status}  ${s.creation_time}`).join('\n')}\n`;
}

await runFloor(() => main(process.argv[2], JSON.parse(process.env.LAB_BENCH_FLOOR_CLOUD ?? '{}') as FloorCloud));
