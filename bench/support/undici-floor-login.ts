/**
 * The login every undici floor program starts with (bench/support/undici-floor.ts,
 * bench/support/undici-cohort-floor.ts): Keystone's token request, ready-made by the bench in place of
 * reading clouds.yaml, and the endpoint its catalog gives. Nothing of Lab Console's code in it.
 */
import { setFlagsFromString } from 'node:v8';
import type { Dispatcher } from 'undici';
import { request } from 'undici';

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

export interface FloorLogin {
  readonly token: string;
  /** The project the token is scoped to, if any. */
  readonly projectId?: string;
  /** The catalog's URL of a service type, at the cloud's interface and region. */
  endpoint(type: string): string;
}

/** Sends `body` to Keystone's token URL; the token, its project, and its catalog. */
export async function floorLogin(dispatcher: Dispatcher, tokensUrl: string, body: unknown, cloud: FloorCloud): Promise<FloorLogin> {
  const auth = await request(tokensUrl, {
    dispatcher,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await auth.body.json()) as { token: { catalog?: readonly CatalogEntry[]; project?: { id: string } } };
  const token = auth.headers['x-subject-token'];
  if (auth.statusCode !== 201 || typeof token !== 'string') throw new Error(`Keystone answered ${auth.statusCode}`);
  const catalog = answer.token.catalog ?? [];
  return {
    token,
    ...(answer.token.project ? { projectId: answer.token.project.id } : {}),
    endpoint(type) {
      const url = catalog
        .find((service) => service.type === type)
        ?.endpoints.find((e) => e.interface === cloud.interface && (!cloud.region || e.region_id === cloud.region))?.url;
      if (!url) throw new Error(`no ${type} endpoint in the catalog`);
      return url.replace(/\/+$/, '');
    },
  };
}

/**
 * Runs a floor program as lab-console runs: undici's WebAssembly parser compiled with Liftoff only
 * (the flag applies to what is compiled after it is set, so before the first request), and the
 * process ended as soon as its output is flushed.
 */
export async function runFloor(main: () => Promise<string>): Promise<never> {
  setFlagsFromString('--liftoff-only');
  const code = await main().then(
    (out) => (process.stdout.write(out), 0),
    (error: unknown) => (process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`), 1),
  );
  return new Promise(() => process.stdout.write('', () => process.exit(code)));
}
