// Preloaded into a `lab-console` process under test (NODE_OPTIONS=--import=…): on SIGUSR2, or at
// once with PRETENURING_PROBE_AT_ONCE set, it runs a workload that V8's allocation-site pretenuring
// changes, and writes what the collector did to the file PRETENURING_PROBE_FILE names. A site whose
// objects first all lived (a relay's first buffers, a session's state) is tenured when pretenuring
// is on: the short-lived objects it allocates next go straight to the old generation, and only
// mark-compacts free them. With it off they die young, in scavenges.
import { writeFileSync } from 'node:fs';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';

const make = (i) => ({ value: i, pair: [i, i + 1] });
let last;

const oldSpaceUsed = () => getHeapSpaceStatistics().find((space) => space.space_name === 'old_space').space_used_size;

/** `count` objects from one site, all kept or each dropped at once; the bytes the old generation gained meanwhile. */
function allocate(count, keep) {
  const kept = [];
  let entered = 0;
  let used = oldSpaceUsed();
  for (let i = 0; i < count; i++) {
    const object = make(i);
    if (keep) kept.push(object);
    else last = object;
    if (i % 50_000 === 0) {
      // Promotions and pretenured allocations add to it; a mark-compact takes from it.
      const now = oldSpaceUsed();
      entered += Math.max(0, now - used);
      used = now;
    }
  }
  return { kept, entered };
}

async function probe() {
  // Long-lived first: every object survives the scavenges that judge the site.
  for (let round = 0; round < 2; round++) allocate(400_000, true);
  const collections = { scavenges: 0, markCompacts: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) collections.scavenges++;
      if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) collections.markCompacts++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  // Then short-lived, from the same site.
  const { entered } = allocate(5_000_000, false);
  // GC entries are delivered after the collection, on a later turn.
  await new Promise((resolve) => setTimeout(resolve, 100));
  observer.disconnect();
  writeFileSync(
    process.env.PRETENURING_PROBE_FILE,
    JSON.stringify({ ...collections, oldGenerationMiB: Math.round(entered / 2 ** 20), execArgv: process.execArgv, last: last?.value }),
  );
}

process.on('SIGUSR2', () => void probe());
if (process.env.PRETENURING_PROBE_AT_ONCE) void probe();
