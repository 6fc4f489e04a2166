import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { SplitPane } from './SplitPane';

function setup(ratio = 0.5) {
  const onCommit = vi.fn();
  const view = render(<SplitPane label="Resize" ratio={ratio} onCommit={onCommit} start={<p>steps</p>} end={<p>lab</p>} />);
  return { onCommit, view, handle: screen.getByRole('separator', { name: 'Resize' }) };
}

describe('SplitPane', () => {
  it('moves by keyboard in steps and commits each move', () => {
    const { handle, onCommit } = setup(0.5);
    fireEvent.keyDown(handle, { key: 'ArrowRight' });
    expect(handle.getAttribute('aria-valuenow')).toBe('52');
    fireEvent.keyDown(handle, { key: 'ArrowLeft' });
    fireEvent.keyDown(handle, { key: 'ArrowLeft' });
    expect(handle.getAttribute('aria-valuenow')).toBe('48');
    expect(onCommit).toHaveBeenCalledTimes(3);
  });

  it('stops at the limits with Home and End so neither pane disappears', () => {
    const { handle, onCommit } = setup(0.5);
    fireEvent.keyDown(handle, { key: 'End' });
    expect(handle.getAttribute('aria-valuenow')).toBe('80');
    fireEvent.keyDown(handle, { key: 'ArrowRight' });
    expect(handle.getAttribute('aria-valuenow')).toBe('80');
    fireEvent.keyDown(handle, { key: 'Home' });
    expect(onCommit).toHaveBeenLastCalledWith(0.2);
  });

  it('follows a new ratio from settings', () => {
    const { view } = setup(0.5);
    view.rerender(<SplitPane label="Resize" ratio={0.3} onCommit={() => undefined} start={null} end={null} />);
    expect(screen.getByRole('separator').getAttribute('aria-valuenow')).toBe('30');
  });

  it('ignores other keys', () => {
    const { handle, onCommit } = setup(0.5);
    fireEvent.keyDown(handle, { key: 'a' });
    expect(onCommit).not.toHaveBeenCalled();
  });
});
