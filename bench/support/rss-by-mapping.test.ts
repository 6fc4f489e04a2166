import { describe, expect, it } from 'vitest';
import { rssByMapping } from './rss-by-mapping';

const mapping = (range: string, perms: string, name: string, rssKb: number): string =>
  `${range} ${perms} 00000000 00:00 0 ${name}\nSize: 4 kB\nRss: ${rssKb} kB\nPss: ${rssKb} kB\n`;

describe('rssByMapping', () => {
  it("tells glibc's heap, thread arenas, other anonymous memory and files apart", () => {
    const smaps = [
      mapping('555555554000-555555600000', 'r-xp', '/usr/bin/node', 1000),
      mapping('555556000000-555556400000', 'rw-p', '[heap]', 2000),
      // A thread arena: 64 MiB-aligned, read-write part then the rest of its 64 MiB reserved.
      mapping('7f0004000000-7f0004100000', 'rw-p', '', 300),
      mapping('7f0004100000-7f0008000000', '---p', '', 0),
      // An arena grown to its whole reservation.
      mapping('7f0008000000-7f000c000000', 'rw-p', '', 40),
      // Aligned but followed by something else: V8's pages, say.
      mapping('7f0010000000-7f0010040000', 'rw-p', '', 200),
      mapping('7f0010040000-7f0010080000', 'rw-p', '', 56),
      mapping('7fff00000000-7fff00021000', 'rw-p', '[stack]', 4),
    ].join('');
    expect(rssByMapping(smaps)).toEqual({
      mallocHeap: 2000 * 1024,
      threadArenas: 340 * 1024,
      otherAnonymous: 260 * 1024,
      files: 1000 * 1024,
    });
  });
});
