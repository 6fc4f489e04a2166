import type { BenchResult } from './bench';

function number(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(3);
}

/** "stack list (200 stacks): 0.41 s  | openstack CLI 3.1 s → 0.13 ×  | target ≤ 0.25 ×  ✓" */
export function formatResult(result: BenchResult): string {
  const parts = [`${result.metric}: ${number(result.value)} ${result.unit}`];
  if (result.peer) {
    const ratio = result.peer.value ? result.value / result.peer.value : Number.NaN;
    parts.push(`${result.peer.name} ${number(result.peer.value)} ${result.unit} → ${number(ratio)} ×`);
  }
  if (result.target) parts.push(`target ${result.target}`);
  const mark = result.met === undefined ? '' : result.met ? '  ✓' : '  ✗ missed';
  return `${parts.join('  | ')}${mark}`;
}
