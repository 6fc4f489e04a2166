/**
 * A benchmark is a module `bench/<name>.bench.ts` whose default export is a Bench.
 * `npm run bench` runs each at full size and prints its results; `npm test` runs each once
 * at the tiny size (test/integration/bench-smoke.test.ts) so none can rot.
 */
export type BenchSize = 'tiny' | 'full';

/** A figure measured beside ours in the same run: another program doing the same work, or a floor. */
export interface Reference {
  readonly name: string;
  readonly value: number;
  /** Server time that figure waited on (same unit), when it talked to a server. */
  readonly server?: number;
}

export interface BenchResult {
  /** What was measured, e.g. "stack list (200 stacks)". */
  readonly metric: string;
  /** Our figure, with its unit. */
  readonly value: number;
  readonly unit: string;
  /**
   * The server time our figure waited on (the sum of the response times seen on the wire), so the
   * client's own share is visible.
   */
  readonly server?: number;
  /** The peer measured in the same run doing the same work (e.g. the python openstack client). */
  readonly peer?: Reference;
  /** What no client can beat on this machine, measured in the same run (e.g. node's start + the server time). */
  readonly floor?: Reference;
  /** Other figures printed beside it, e.g. "heapUsed 12.1 MiB". */
  readonly notes?: readonly string[];
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
