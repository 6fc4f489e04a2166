import { describe, expect, it } from 'vitest';
import { formatUptime } from './uptime-format';

describe('uptime as people read it', () => {
  it('shows seconds under a minute, minutes under an hour, then hours', () => {
    expect([0, 20, 90, 130, 3599, 5400].map(formatUptime)).toEqual(['0 h', '20 s', '2 min', '2 min', '60 min', '1.5 h']);
  });
});
