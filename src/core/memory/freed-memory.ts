import { createRequire } from 'node:module';

/** The optional native package (native/malloc-trim): glibc's malloc_trim(0) through Node-API. */
export interface MallocTrim {
  trim(): boolean;
}

/** What handing freed memory back did: released some, found nothing to release, or cannot (no glibc, no build). */
export type FreedMemoryReturn = 'released' | 'nothing' | 'unavailable';

const ADDON = '@lab-console/malloc-trim';

function loadAddon(): MallocTrim {
  // Resolved at run time from node_modules (never bundled): the package is an optional dependency.
  return createRequire(import.meta.url)(ADDON) as MallocTrim;
}

/**
 * A function that hands the free pages inside glibc's heap back to the system. glibc returns freed
 * memory on its own only from the top of its heap: after a terminal flooded `serve`, a few blocks
 * still in use above megabytes of freed ones kept RSS ~15 % above idle (the memory bench in
 * docs/operators.md). The addon loads on the first call; when it cannot (another C library, no
 * compiler at install, a packaging without it), every call is a no-op.
 */
export function freedMemoryReturner(load: () => MallocTrim = loadAddon): () => FreedMemoryReturn {
  let addon: MallocTrim | null | undefined;
  return () => {
    if (addon === undefined) {
      try {
        addon = load();
      } catch {
        addon = null;
      }
    }
    if (!addon) return 'unavailable';
    return addon.trim() ? 'released' : 'nothing';
  };
}

/** The process's one returner (after-burst.ts calls it). */
export const returnFreedMemory = freedMemoryReturner();
