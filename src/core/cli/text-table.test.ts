import { describe, expect, it } from 'vitest';
import { textTableLines } from './text-table';

describe('textTableLines', () => {
  it('pads each column to its widest cell, two spaces apart, with no trailing spaces', () => {
    expect(
      textTableLines(
        ['ID', 'STATE', 'NOTE'],
        [
          ['1', 'Running', ''],
          ['22', 'Suspended', 'idle'],
        ],
      ),
    ).toEqual(['ID  STATE      NOTE', '1   Running', '22  Suspended  idle']);
  });
});
