import { describe, expect, it } from 'vitest';
import { loadBenches } from '../../bench/run';
import { sandboxAvailability } from '../sandbox/vitest-sandbox';

/** Every benchmark runs once at its tiny size on every `npm test`, so none can rot. */
const benches = await loadBenches();

describe('benchmarks at tiny size', () => {
  it('finds the benchmarks', () => {
    expect(benches.length).toBeGreaterThan(0);
  });

  for (const bench of benches) {
    it(`${bench.name} runs and reports figures`, { timeout: 600_000 }, async (context) => {
      if (bench.needsSandbox && !sandboxAvailability().available) context.skip();
      const results = await bench.run({ size: 'tiny', log: () => undefined });
      expect(results.length).toBeGreaterThan(0);
      for (const result of results) {
        expect(Number.isFinite(result.value), `${bench.name}: ${result.metric}`).toBe(true);
        expect(result.unit).not.toBe('');
      }
    });
  }
});
