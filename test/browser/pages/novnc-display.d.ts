/** noVNC's Display, reached by path by the framebuffer-display page; noVNC ships no type declarations. */
declare module '*/@novnc/novnc/core/display.js' {
  // An ambient module may not import by a relative path, so the type is named inline.
  // eslint-disable-next-line @typescript-eslint/consistent-type-imports
  const Display: import('../../../src/renderer/vnc/framebuffer-display').DisplayConstructor;
  export default Display;
}
