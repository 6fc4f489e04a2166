/**
 * Where a process's resident memory is, from its /proc/PID/smaps: what the memory benches print so
 * that growth after a stream can be told apart — glibc's main heap, the arenas glibc gives other
 * threads (libuv's pool, V8's helper threads), every other anonymous mapping (V8's pages among
 * them) and files (code, the snapshot).
 */
export interface RssByMapping {
  /** glibc's main arena: the `[heap]` mapping, grown with brk. */
  readonly mallocHeap: number;
  /** glibc's per-thread arenas: 64 MiB-aligned anonymous reservations, the usable part read-write. */
  readonly threadArenas: number;
  /** Every other anonymous mapping: V8's heap pages, blocks glibc mapped on their own, stacks. */
  readonly otherAnonymous: number;
  /** Mappings of files: node, its libraries, the start-up snapshot. */
  readonly files: number;
}

/** glibc's HEAP_MAX_SIZE on 64-bit systems: each thread arena is a reservation of this size, aligned to it. */
const ARENA_RESERVATION = 64 * 2 ** 20;

interface Mapping {
  readonly start: bigint;
  readonly end: bigint;
  readonly perms: string;
  readonly name: string;
  rss: number;
}

function parse(smaps: string): Mapping[] {
  const mappings: Mapping[] = [];
  for (const line of smaps.split('\n')) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) (\S{4}) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) {
      mappings.push({ start: BigInt(`0x${header[1]}`), end: BigInt(`0x${header[2]}`), perms: header[3]!, name: header[4]!, rss: 0 });
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    const last = mappings.at(-1);
    if (rss && last) last.rss = Number(rss[1]) * 1024;
  }
  return mappings;
}

export function rssByMapping(smaps: string): RssByMapping {
  const mappings = parse(smaps);
  const arena = BigInt(ARENA_RESERVATION);
  // A thread arena: read-write from an aligned start, the rest of its reservation inaccessible right after.
  // (an arena grown to its whole reservation has no such rest).
  const isArena = (m: Mapping, i: number): boolean => {
    if (m.start % arena !== 0n || !m.perms.startsWith('rw')) return false;
    const rest = mappings[i + 1];
    return m.end === m.start + arena || (rest?.start === m.end && rest.perms.startsWith('---') && rest.end === m.start + arena);
  };
  let mallocHeap = 0;
  let threadArenas = 0;
  let otherAnonymous = 0;
  let files = 0;
  mappings.forEach((m, i) => {
    if (m.name === '[heap]') mallocHeap += m.rss;
    else if (m.name.startsWith('/')) files += m.rss;
    else if (isArena(m, i)) threadArenas += m.rss;
    else otherAnonymous += m.rss;
  });
  return { mallocHeap, threadArenas, otherAnonymous, files };
}
