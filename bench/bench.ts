/**
 * A benchmark is a module `bench/<name>.bench.ts` whose default export is a Bench.
 * `npm run bench` runs each at full size and prints its results; `npm test` runs each once
 * at the tiny size (test/integration/bench-smoke.test.ts) so none can rot.
 */
export type BenchSize = 'tiny' | 'full';

export interface BenchResult {
  /** What was measured, e.g. "stack list (200 stacks)". */
  readonly metric: string;
  /** Our figure, with its unit. */
  readonly value: number;
  readonly unit: string;
  /** The peer measured in the same run, when one exists (e.g. the openstack CLI). */
  readonly peer?: { readonly name: string; readonly value: number };
  /** The target in words, e.g. "≤ 0.25 × peer" or "≥ 100 Mpix/s". */
  readonly target?: string;
  /** Whether the target was met; undefined where the size was too small to judge. */
  readonly met?: boolean;
}

export interface BenchContext {
  readonly size: BenchSize;
  /** Progress lines for the person watching. */
  log(line: string): void;
}

export interface Bench {
  readonly name: string;
  /** True when it needs the Keystone + Heat sandbox (and lab hosts) running. */
  readonly needsSandbox: boolean;
  run(context: BenchContext): Promise<BenchResult[]>;
}
