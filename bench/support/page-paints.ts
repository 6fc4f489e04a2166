/**
 * Counting a page's canvas paints for a bench's floor (vnc-floor.ts): run COUNT_PAINTS in the page
 * before measuring, read paintsBetween after. The putImageData calls of one task (one animation
 * frame's paint, however many damaged rectangles it puts) count as one paint of their summed area.
 */
export const COUNT_PAINTS = `(() => {
  const paints = (window.__labBenchPaints = []);
  let open;
  const put = CanvasRenderingContext2D.prototype.putImageData;
  CanvasRenderingContext2D.prototype.putImageData = function (image, ...args) {
    const width = args[4] ?? image.width;
    const height = args[5] ?? image.height;
    if (!open) {
      open = { at: Date.now(), width: 0, area: 0 };
      paints.push(open);
      setTimeout(() => (open = undefined), 0);
    }
    open.width = Math.max(open.width, width);
    open.area += width * height;
    return put.call(this, image, ...args);
  };
})()`;

/** The paints between two times (ms since the epoch): how many, and the mean size of one (its widest rectangle × the rest of its area). */
export const paintsBetween = (from: number, to: number): string => `(() => {
  const paints = window.__labBenchPaints.filter((p) => p.at >= ${from} && p.at <= ${to});
  const mean = (f) => paints.reduce((sum, p) => sum + f(p), 0) / Math.max(1, paints.length);
  const width = mean((p) => p.width);
  return { count: paints.length, width, height: width > 0 ? mean((p) => p.area) / width : 0 };
})()`;
