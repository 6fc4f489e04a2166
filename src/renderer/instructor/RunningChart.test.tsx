import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { RunningChart } from './RunningChart';

const hour = 3_600_000;
const start = Date.parse('2026-11-23T10:00:00Z');
const points = Array.from({ length: 7 * 24 + 1 }, (_, i) => ({
  at: new Date(start + i * hour).toISOString(),
  running: i % 24 < 8 ? 4 : 1,
}));

describe('the running-labs chart', () => {
  it('has a count axis, a day axis in UTC and a legend with units', () => {
    const { container } = render(<RunningChart points={points} />);
    expect([...screen.getByTestId('count-axis').querySelectorAll('text')].map((t) => t.textContent)).toEqual(['0', '2', '4']);
    const days = [...screen.getByTestId('time-axis').querySelectorAll('text')].map((t) => t.textContent);
    // Month and day as the reader's language writes them (English here: 11/24).
    expect(days).toEqual(['11/24', '11/25', '11/26', '11/27', '11/28', '11/29', '11/30']);
    expect(container.querySelector('figcaption')?.textContent).toMatch(
      /Running labs \(count, each hour; days in UTC\), last 7 days — now 4, at most 4/,
    );
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe('Running labs over the last 7 days, now 4, at most 4');
  });
});
