import { useCallback, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';

const MIN = 0.2;
const MAX = 0.8;
const STEP = 0.02;

function clamp(value: number): number {
  return Math.min(MAX, Math.max(MIN, value));
}

export interface SplitPaneProps {
  readonly ratio: number;
  /** Called once a drag or key press ends, to persist the new ratio. */
  onCommit(ratio: number): void;
  readonly start: ReactNode;
  readonly end: ReactNode;
  readonly label: string;
}

/** Two panes side by side with a splitter that works by mouse, touch and keyboard (arrows, Home, End). */
export function SplitPane({ ratio, onCommit, start, end, label }: SplitPaneProps): ReactNode {
  const [live, setLive] = useState(ratio);
  const [committed, setCommitted] = useState(ratio);
  const container = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);

  // A new ratio from settings (another window, a reset) replaces the local one.
  if (committed !== ratio) {
    setCommitted(ratio);
    setLive(ratio);
  }

  const ratioAt = useCallback(
    (clientX: number) => {
      const box = container.current?.getBoundingClientRect();
      if (!box || box.width === 0) return live;
      return clamp((clientX - box.left) / box.width);
    },
    [live],
  );

  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    dragging.current = true;
    event.currentTarget.setPointerCapture(event.pointerId);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>): void => {
    if (dragging.current) setLive(ratioAt(event.clientX));
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>): void => {
    if (!dragging.current) return;
    dragging.current = false;
    const next = ratioAt(event.clientX);
    setLive(next);
    onCommit(next);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const moves: Record<string, number> = { ArrowLeft: live - STEP, ArrowRight: live + STEP, Home: MIN, End: MAX };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = clamp(target);
    setLive(next);
    onCommit(next);
  };

  return (
    <div className="split" ref={container} style={{ gridTemplateColumns: `${live * 100}% 6px 1fr` }}>
      <div className="split-pane">{start}</div>
      <div
        className="split-handle"
        role="separator"
        aria-orientation="vertical"
        aria-label={label}
        aria-valuemin={MIN * 100}
        aria-valuemax={MAX * 100}
        aria-valuenow={Math.round(live * 100)}
        tabIndex={0}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onKeyDown={onKeyDown}
      />
      <div className="split-pane">{end}</div>
    </div>
  );
}
