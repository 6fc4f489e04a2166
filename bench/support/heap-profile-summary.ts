/** The parts of a V8 sampling heap profile (CDP HeapProfiler.SamplingHeapProfile) a summary reads. */
export interface SamplingHeapProfileNode {
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly selfSize: number;
  readonly children: readonly SamplingHeapProfileNode[];
}

export interface SamplingHeapProfile {
  readonly head: SamplingHeapProfileNode;
}

/**
 * "120 KB/s decodeFrame (desktop-frame.ts:…), …": bytes allocated by the `top` most allocating
 * functions per second profiled (sampled, short-lived objects included when the sampling was
 * started with V8's include-collected flags), with the total first.
 */
export function summariseHeapProfile(profile: SamplingHeapProfile, seconds: number, top = 15): string {
  const self = new Map<string, number>();
  let total = 0;
  const visit = (node: SamplingHeapProfileNode): void => {
    const frame = node.callFrame;
    const file = frame.url.split('/').pop() ?? '';
    const name = `${frame.functionName || '(anonymous)'}${file ? ` (${file}:${frame.lineNumber + 1})` : ''}`;
    self.set(name, (self.get(name) ?? 0) + node.selfSize);
    total += node.selfSize;
    for (const child of node.children) visit(child);
  };
  visit(profile.head);
  const perSecond = (bytes: number): string => `${(bytes / seconds / 1024).toFixed(0)} KB/s`;
  return [
    `${perSecond(total)} in all`,
    ...[...self]
      .filter(([, bytes]) => bytes > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, bytes]) => `${perSecond(bytes)} ${name}`),
  ].join('; ');
}
