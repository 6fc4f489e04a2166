/** The part of noVNC's RFB client (docs/API.md of @novnc/novnc) the VNC tab uses; noVNC ships no type declarations. */
declare module '@novnc/novnc' {
  /** What RFB accepts instead of a URL: a WebSocket, an RTCDataChannel, or anything with their shape. */
  export interface RfbChannel {
    binaryType: string;
    readonly protocol: string;
    readonly readyState: string | number;
    onopen: ((event: unknown) => void) | null;
    onmessage: ((event: { data: ArrayBuffer }) => void) | null;
    onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null;
    onerror: ((event: unknown) => void) | null;
    send(data: Uint8Array): void;
    close(): void;
  }

  export interface RfbOptions {
    readonly shared?: boolean;
    readonly credentials?: { readonly username?: string; readonly password?: string; readonly target?: string };
  }

  export default class RFB extends EventTarget {
    constructor(target: HTMLElement, urlOrChannel: string | RfbChannel, options?: RfbOptions);
    viewOnly: boolean;
    focusOnClick: boolean;
    clipViewport: boolean;
    dragViewport: boolean;
    scaleViewport: boolean;
    resizeSession: boolean;
    showDotCursor: boolean;
    background: string;
    qualityLevel: number;
    compressionLevel: number;
    readonly capabilities: { readonly power?: boolean };
    disconnect(): void;
    sendCredentials(credentials: RfbOptions['credentials']): void;
    sendKey(keysym: number, code: string | null, down?: boolean): void;
    sendCtrlAltDel(): void;
    focus(options?: FocusOptions): void;
    blur(): void;
    clipboardPasteFrom(text: string): void;
  }
}
