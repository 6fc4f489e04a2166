import { cpus, loadavg } from 'node:os';

/** "AMD EPYC, 2 cores": the machine a figure was taken on. */
export function machineName(): string {
  return `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores`;
}

/** "load 1.52 1.21 0.98" (1, 5 and 15 minutes): other work sharing the cores while a figure was taken. */
export function loadLine(): string {
  return `load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
}
