/** noVNC's Display, reached by path by the framebuffer-display page; noVNC ships no type declarations. */
declare module '*/@novnc/novnc/core/display.js' {
  const Display: import('../../../src/renderer/vnc/framebuffer-display').DisplayConstructor;
  export default Display;
}
