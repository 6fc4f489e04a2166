/**
 * The practical floor of `lab-console cohort list`: the requests one of its runs sent
 * (bench/support/cohort-floor-plan.ts, LAB_BENCH_FLOOR_PLAN names the file) sent again with undici
 * alone by a program with no code of Lab Console in it, started and ended as the CLI's other floor
 * (bench/support/undici-floor.ts): the instructor's login (LAB_BENCH_FLOOR_CLOUD), Keystone's GETs
 * (the learners' names with a token scoped to their domain), then per project a token scoped to it,
 * its stacks, and its labs' events, with as many requests in
 * flight at once as the listing allows (the first argument). What it takes beyond its server time is
 * what node, undici and reading the answers as JSON cost. Prints how many stacks it was given.
 */
import { readFileSync } from 'node:fs';
import { Agent, request, type Dispatcher } from 'undici';
import type { CohortFloorPlan, FloorProject } from './cohort-floor-plan';
import { floorLogin, runFloor, type FloorCloud } from './undici-floor-login';

/** At most `limit` calls of `task` under way at once (as the listing's own bound). */
function bounded(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

async function getJson(dispatcher: Dispatcher, url: string, token: string): Promise<unknown> {
  const answer = await request(url, { dispatcher, headers: { 'x-auth-token': token, accept: 'application/json' } });
  const body = await answer.body.json();
  if (answer.statusCode !== 200) throw new Error(`GET ${url}: ${answer.statusCode}`);
  return body;
}

async function main(concurrency: number, cloud: FloorCloud, plan: CohortFloorPlan): Promise<string> {
  const dispatcher = new Agent();
  const login = await floorLogin(dispatcher, cloud.tokensUrl, cloud.body, cloud);
  const keystone = new URL(cloud.tokensUrl).origin;
  const heat = new URL(login.endpoint('orchestration')).origin;
  const scoped = async (scope: unknown) => {
    const body = { auth: { identity: { methods: ['token'], token: { id: login.token } }, scope } };
    return (await floorLogin(dispatcher, cloud.tokensUrl, body, cloud)).token;
  };
  await Promise.all(
    plan.keystone.map(async ({ path, domain }) =>
      getJson(dispatcher, `${keystone}${path}`, domain ? await scoped({ domain: { id: domain } }) : login.token),
    ),
  );
  const run = bounded(concurrency);
  const scopedToken = (project: FloorProject) =>
    project.id === login.projectId ? Promise.resolve(login.token) : scoped({ project: { id: project.id } });
  const stacks = await Promise.all(
    plan.projects.map(async (project) => {
      const { token, listed } = await run(async () => {
        const token = await scopedToken(project);
        return { token, listed: (await getJson(dispatcher, `${heat}${project.stacks}`, token)) as { stacks: unknown[] } };
      });
      await Promise.all(project.events.map((path) => run(() => getJson(dispatcher, `${heat}${path}`, token))));
      return listed.stacks.length;
    }),
  );
  return `${stacks.reduce((sum, n) => sum + n, 0)} stacks\n`;
}

await runFloor(() =>
  main(
    Number(process.argv[2] ?? 8),
    JSON.parse(process.env.LAB_BENCH_FLOOR_CLOUD ?? '{}') as FloorCloud,
    JSON.parse(readFileSync(process.env.LAB_BENCH_FLOOR_PLAN ?? '', 'utf8')) as CohortFloorPlan,
  ),
);
