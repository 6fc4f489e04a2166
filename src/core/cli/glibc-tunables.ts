/*
 * bin/lab-console starts the short CLI commands (all but `serve`, `lab` and `jobs`) with glibc's
 * `glibc.malloc.hugetlb=1`: node reads its start-up blob (8–10 MB) into memory it takes from malloc,
 * and with the tunable glibc asks the kernel for transparent huge pages there (THP is `madvise` on
 * most distributions), so the blob costs a few thousand page faults fewer: ~7–10 ms of CPU per start
 * (docs/operators.md, the `openstack` bench). glibc reads GLIBC_TUNABLES only as a process starts;
 * processes the CLI starts (ssh, a browser, an editor) must get the user's own, so the launcher hands
 * that over in ORIGINAL_GLIBC_TUNABLES and the program puts it back first thing.
 */

/** The variable bin/lab-console keeps the caller's GLIBC_TUNABLES in (empty when there was none). */
export const ORIGINAL_GLIBC_TUNABLES = 'LAB_CONSOLE_GLIBC_TUNABLES';

/** Puts GLIBC_TUNABLES back as the caller had it; an empty one glibc ignores, so it is left unset. */
export function restoreGlibcTunables(env: NodeJS.ProcessEnv = process.env): void {
  const original = env[ORIGINAL_GLIBC_TUNABLES];
  if (original === undefined) return;
  delete env[ORIGINAL_GLIBC_TUNABLES];
  if (original === '') delete env.GLIBC_TUNABLES;
  else env.GLIBC_TUNABLES = original;
}
