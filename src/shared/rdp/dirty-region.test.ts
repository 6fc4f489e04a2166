import { describe, expect, it } from 'vitest';
import { DirtyRegion } from './dirty-region';

describe('DirtyRegion', () => {
  it('addArea keeps an area once: one inside a held rectangle is dropped, one holding others replaces them', () => {
    const region = new DirtyRegion(8);
    region.addArea(10, 10, 20, 20);
    region.addArea(12, 12, 4, 4);
    region.addArea(0, 0, 0, 5);
    expect(region.take()).toEqual([{ x: 10, y: 10, width: 20, height: 20 }]);
    region.addArea(5, 5, 2, 2);
    region.add({ x: 40, y: 0, width: 2, height: 2 });
    region.addArea(0, 0, 10, 10);
    expect(region.take()).toEqual([
      { x: 40, y: 0, width: 2, height: 2 },
      { x: 0, y: 0, width: 10, height: 10 },
    ]);
    expect(region.isEmpty).toBe(true);
  });

  it('past its limit the region is the bounding box of all it held, and areas inside it add nothing', () => {
    const region = new DirtyRegion(3);
    for (let i = 0; i < 4; i++) region.addArea(i * 10, i * 5, 2, 2);
    region.addArea(11, 6, 3, 3);
    expect(region.take()).toEqual([{ x: 0, y: 0, width: 32, height: 17 }]);
  });
});
