import { parseStreamUp } from '../../shared/stream';
import type { AttachedStream } from './stream-endpoint';

/**
 * Drops what a viewer types or clicks (terminal input, desktop input) and keeps the rest —
 * acknowledgements, so flow control still works, and resizes. For read-only viewers: an
 * instructor watching a learner's lab, or a course whose lab is shown read-only.
 */
export function withoutInput(receive: AttachedStream['receive']): AttachedStream['receive'] {
  return (raw) => {
    const parsed = parseStreamUp(raw);
    if (parsed.ok && (parsed.value.t === 'input' || parsed.value.t === 'desktop-input')) return;
    receive(raw);
  };
}

/** Whether a course's connection is shown read-only (course.yaml `read_only: true`). */
export type ReadOnlyConnection = (courseId: string, connection: string) => boolean;
