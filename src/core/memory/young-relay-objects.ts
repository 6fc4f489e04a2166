import { setFlagsFromString } from 'node:v8';

/**
 * Keeps the short-lived objects of a relay in V8's young generation, where they die for the price
 * of a scavenge. While a remote desktop streamed (~7 MiB/s from xrdp, the rdp-cpu bench), `serve`'s
 * heap grew ~3 MB a second with no scavenge at all and a mark-compact of the whole ~25 MB heap
 * followed every one to two seconds (`--trace-gc`): allocation-site pretenuring had sent what it
 * allocates per packet or bitmap straight to the old generation. Without it the same scene ran on a
 * scavenge every few seconds and no mark-compact. It must be set before the program's modules load:
 * set when the `serve` command ran, the sites tenured while the process started stayed tenured and
 * the mark-compacts went on.
 */
export function keepRelayObjectsYoung(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
