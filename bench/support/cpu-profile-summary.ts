/** The parts of a V8 CPU profile (.cpuprofile, CDP Profiler.Profile) a summary reads. */
export interface CpuProfile {
  readonly nodes: readonly { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

/** "12.3 ms/s inflate_fast (inffast.js:…), …": self time of the `top` costliest functions, per second profiled. */
export function summariseProfile(profile: CpuProfile, top = 15): string {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = frames.get(id)!;
    const file = frame.url.split('/').pop() ?? '';
    const name = `${frame.functionName || '(anonymous)'}${file ? ` (${file}:${frame.lineNumber + 1})` : ''}`;
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  });
  const seconds = (profile.endTime - profile.startTime) / 1e6;
  return [...self]
    .filter(([name]) => name !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, ms]) => `${(ms / seconds).toFixed(1)} ms/s ${name}`)
    .join('; ');
}
