import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeFixtureCourse } from '../src/core/courses/course-fixture';
import { CourseLibrary } from '../src/core/courses/course-library';
import { packCourse } from '../src/core/courses/course-pack';
import { openDatabase } from '../src/core/store/database';
import type { Bench, BenchContext, BenchResult } from './bench';

/**
 * Course import and search on a generated course (500 steps at full size, 10 at tiny): import
 * from a folder and from a packed .tar.gz, the first search after a start (index rebuilt from the
 * library's files, then loaded from the copy the library saves), and warm queries.
 */
const QUERIES = ['kernel', 'process signal', 'filesys', 'pipline', 'step 250 service', 'echo', 'mount permission', 'zzz'];

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const round = (n: number): number => Math.round(n * 10) / 10;

const bench: Bench = {
  name: 'courses',
  needsSandbox: false,
  async run(context: BenchContext): Promise<BenchResult[]> {
    const full = context.size === 'full';
    const steps = full ? 500 : 10;
    const work = await mkdtemp(join(tmpdir(), 'lc-bench-courses-'));
    const db = openDatabase({ path: join(work, 'home', 'lab-console.db') });
    try {
      const v1 = await writeFixtureCourse(join(work, 'v1'), { id: 'bench-course', steps });
      const v2 = await writeFixtureCourse(join(work, 'v2'), { id: 'bench-course', steps, version: '1.0.1' });
      const packed = await packCourse(v2, { output: join(work, 'bench-course-1.0.1.tar.gz') });
      context.log(`generated ${steps} steps; packed .tar.gz ${(packed.bytes / 1024).toFixed(0)} KiB`);

      const library = new CourseLibrary({ db, home: join(work, 'home') });
      const folderImport = await timed(() => library.import(v1));
      const tarImport = await timed(() => library.import(packed.file));
      context.log(`import: folder ${folderImport.ms.toFixed(0)} ms, .tar.gz ${tarImport.ms.toFixed(0)} ms`);

      // A fresh library object, as after a restart: the first search builds the index.
      const reopened = new CourseLibrary({ db, home: join(work, 'home') });
      const firstSearch = await timed(() => reopened.search('kernel'));
      const index = await reopened.ensureSearchIndex();
      const warm: number[] = [];
      for (let round = 0; round < (full ? 20 : 2); round++) {
        for (const query of QUERIES) warm.push((await timed(() => reopened.search(query))).ms);
      }
      context.log(
        `search: first ${firstSearch.ms.toFixed(0)} ms (index of ${index.documentCount} docs), warm median ${median(warm).toFixed(2)} ms, max ${Math.max(...warm).toFixed(1)} ms`,
      );

      // Another restart: now the saved index matches the library and is loaded instead.
      const restarted = new CourseLibrary({ db, home: join(work, 'home') });
      const savedSearch = await timed(() => restarted.search('kernel'));
      context.log(`search after restart with the saved index: first ${savedSearch.ms.toFixed(0)} ms`);

      return [
        {
          metric: `course import from a folder, ${steps} steps (stage + validate + move)`,
          value: Math.round(folderImport.ms),
          unit: 'ms',
          target: '≤ 3000 ms',
          met: full ? folderImport.ms <= 3000 : undefined,
        },
        {
          metric: `course import from .tar.gz replacing the older version, ${steps} steps`,
          value: Math.round(tarImport.ms),
          unit: 'ms',
          target: '≤ 3000 ms',
          met: full ? tarImport.ms <= 3000 : undefined,
        },
        {
          metric: `first search after start, index rebuilt from the course files, ${steps} steps`,
          value: Math.round(firstSearch.ms),
          unit: 'ms',
          target: '≤ 1500 ms',
          met: full ? firstSearch.ms <= 1500 : undefined,
        },
        {
          metric: `first search after start, saved index loaded, ${steps} steps`,
          value: Math.round(savedSearch.ms),
          unit: 'ms',
          target: '≤ 100 ms',
          met: full ? savedSearch.ms <= 100 : undefined,
        },
        {
          metric: `search query, median over ${warm.length} (prefix + fuzzy), ${steps} steps`,
          value: round(median(warm)),
          unit: 'ms',
          target: '≤ 20 ms',
          met: full ? median(warm) <= 20 : undefined,
        },
      ];
    } finally {
      db.close();
      await rm(work, { recursive: true, force: true });
    }
  },
};

export default bench;
