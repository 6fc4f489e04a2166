/** Parts of noVNC its package does not export, reached by path by tests only (noVNC ships no type declarations). */
declare module '*/@novnc/novnc/core/decoders/tight.js' {
  // An ambient module may not import by a relative path, so the type is named inline.
  // eslint-disable-next-line @typescript-eslint/consistent-type-imports
  const TightDecoder: import('./tight-word-decoder').TightDecoderConstructor;
  export default TightDecoder;
}

declare module '*/@novnc/novnc/core/deflator.js' {
  /** One zlib stream; each call's output ends with a full flush. Answers a view into its own buffer. */
  export default class Deflator {
    deflate(data: Uint8Array): Uint8Array;
  }
}

declare module '*/@novnc/novnc/core/inflator.js' {
  /** One zlib stream read a chunk at a time (pako underneath); its members are typed where they are used. */
  const Inflator: new () => object;
  export default Inflator;
}

declare module '*/@novnc/novnc/core/websock.js' {
  /** noVNC's receive and send queues over a WebSocket-shaped channel. */
  export default class Websock {
    attach(channel: object): void;
    on(event: string, handler: (...args: unknown[]) => void): void;
    rQlen(): number;
  }
}
