/**
 * Runs `run` in the next animation frame, in one requestAnimationFrame callback shared by every
 * caller: the VNC page paints the picture, then asks for the next update, then acknowledges what
 * it drew — three jobs each frame. Measured in the vnc bench, each requestAnimationFrame the page
 * made cost its renderer about as much as the floor page's single one per frame; sharing one keeps
 * the page at one per frame. Jobs run in the order they were asked for (the paint before the
 * request for the next update); a job asked for while the frame's jobs run waits for the next frame.
 */
export function inNextAnimationFrame(run: () => void): void {
  queued.push(run);
  if (queued.length === 1) requestAnimationFrame(runQueued);
}

let queued: (() => void)[] = [];

function runQueued(): void {
  const jobs = queued;
  queued = [];
  for (const job of jobs) {
    try {
      job();
    } catch (error) {
      // One job's failure must not cost the others their frame; it is still reported as uncaught.
      setTimeout(() => {
        throw error;
      });
    }
  }
}
