import type { BenchResult } from './bench';

export function number(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(3);
}

/**
 * "cloud check: 412 ms (server 96 ms)  | python openstacksdk 1890 ms (server 131 ms) → 0.218 ×
 *  | floor node start + server 231 ms  | target ≤ 0.25 × peer  ✓"
 */
export function formatResult(result: BenchResult): string {
  const server = (value: number | undefined) => (value === undefined ? '' : ` (server ${number(value)} ${result.unit})`);
  const parts = [`${result.metric}: ${number(result.value)} ${result.unit}${server(result.server)}`];
  if (result.peer) {
    const ratio = result.peer.value ? result.value / result.peer.value : Number.NaN;
    parts.push(`${result.peer.name} ${number(result.peer.value)} ${result.unit}${server(result.peer.server)} → ${number(ratio)} ×`);
  }
  if (result.floor) parts.push(`floor: ${result.floor.name} ${number(result.floor.value)} ${result.unit}${server(result.floor.server)}`);
  if (result.notes?.length) parts.push(result.notes.join(', '));
  if (result.target) parts.push(`target ${result.target}`);
  const mark = result.met === undefined ? '' : result.met ? '  ✓' : '  ✗ missed';
  return `${parts.join('  | ')}${mark}`;
}
