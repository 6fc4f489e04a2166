/**
 * A small RFB client for tests, in the place noVNC has in the app: it takes the server's bytes
 * as a stream delivers them, answers the handshake the app offers (RFB 3.8, security None),
 * asks for 32-bit raw pixels and keeps the framebuffer, and sends keys and clipboard text.
 */
export class RfbTestClient {
  width = 0;
  height = 0;
  desktopName = '';
  pixels = new Uint32Array(0);
  updates = 0;
  readonly clipboard: string[] = [];
  /** The handshake's security types as the app offered them. */
  offeredTypes: number[] = [];
  private buffer = Buffer.alloc(0);
  private phase: 'version' | 'security' | 'result' | 'init' | 'messages' = 'version';

  constructor(private readonly send: (bytes: Buffer) => void) {}

  get ready(): boolean {
    return this.phase === 'messages';
  }

  private stepping = false;

  /** Server bytes; what arrives while a step runs (the app answers at once) waits for the loop. */
  receive(bytes: Uint8Array): void {
    this.buffer = Buffer.concat([this.buffer, bytes]);
    if (this.stepping) return;
    this.stepping = true;
    try {
      while (this.step());
    } finally {
      this.stepping = false;
    }
  }

  key(keysym: number, down: boolean): void {
    const message = Buffer.alloc(8);
    message[0] = 4;
    message[1] = down ? 1 : 0;
    message.writeUInt32BE(keysym, 4);
    this.send(message);
  }

  type(text: string): void {
    for (const char of text) {
      const keysym = char === '\n' ? 0xff0d : char.codePointAt(0)!;
      this.key(keysym, true);
      this.key(keysym, false);
    }
  }

  pointer(x: number, y: number, buttons = 0): void {
    const message = Buffer.alloc(6);
    message[0] = 5;
    message[1] = buttons;
    message.writeUInt16BE(x, 2);
    message.writeUInt16BE(y, 4);
    this.send(message);
  }

  cutText(text: string): void {
    const head = Buffer.alloc(8);
    head[0] = 6;
    head.writeUInt32BE(Buffer.byteLength(text, 'latin1'), 4);
    this.send(Buffer.concat([head, Buffer.from(text, 'latin1')]));
  }

  requestUpdate(incremental: boolean): void {
    const message = Buffer.alloc(10);
    message[0] = 3;
    message[1] = incremental ? 1 : 0;
    message.writeUInt16BE(this.width, 6);
    message.writeUInt16BE(this.height, 8);
    this.send(message);
  }

  /** Share of pixels unlike the most common one (the background), and how many colours there are. */
  stats(): { foreground: number; colours: number } {
    const counts = new Map<number, number>();
    for (const w of this.pixels) counts.set(w, (counts.get(w) ?? 0) + 1);
    const background = Math.max(0, ...counts.values());
    return { foreground: this.pixels.length ? 1 - background / this.pixels.length : 0, colours: counts.size };
  }

  private take(bytes: number): Buffer | undefined {
    if (this.buffer.length < bytes) return undefined;
    const taken = this.buffer.subarray(0, bytes);
    this.buffer = this.buffer.subarray(bytes);
    return taken;
  }

  private step(): boolean {
    switch (this.phase) {
      case 'version': {
        const version = this.take(12);
        if (!version) return false;
        this.send(Buffer.from('RFB 003.008\n', 'latin1'));
        this.phase = 'security';
        return true;
      }
      case 'security': {
        const count = this.buffer[0];
        if (count === undefined || this.buffer.length < 1 + count) return false;
        this.offeredTypes = [...this.take(1 + count)!.subarray(1)];
        this.send(Buffer.from([1]));
        this.phase = 'result';
        return true;
      }
      case 'result': {
        const result = this.take(4);
        if (!result) return false;
        if (result.readUInt32BE(0) !== 0) throw new Error('security result: failed');
        this.send(Buffer.from([1]));
        this.phase = 'init';
        return true;
      }
      case 'init': {
        if (this.buffer.length < 24) return false;
        const nameLength = this.buffer.readUInt32BE(20);
        if (this.buffer.length < 24 + nameLength) return false;
        const init = this.take(24 + nameLength)!;
        this.resize(init.readUInt16BE(0), init.readUInt16BE(2));
        this.desktopName = init.subarray(24).toString('utf8');
        // 32 bits per pixel, depth 24, little-endian true colour: red at bit 16, green 8, blue 0.
        const format = Buffer.from([0, 0, 0, 0, 32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0]);
        const encodings = Buffer.alloc(12);
        encodings[0] = 2;
        encodings.writeUInt16BE(2, 2);
        encodings.writeInt32BE(0, 4); // Raw
        encodings.writeInt32BE(-223, 8); // DesktopSize
        this.send(Buffer.concat([format, encodings]));
        this.phase = 'messages';
        this.requestUpdate(false);
        return true;
      }
      case 'messages':
        return this.message();
    }
  }

  private resize(width: number, height: number): void {
    this.width = width;
    this.height = height;
    this.pixels = new Uint32Array(width * height);
  }

  private message(): boolean {
    const type = this.buffer[0];
    if (type === undefined) return false;
    if (type === 0) return this.update();
    if (type === 2) return this.take(1) !== undefined; // Bell
    if (type === 3) {
      if (this.buffer.length < 8) return false;
      const length = this.buffer.readUInt32BE(4);
      const message = this.take(8 + length);
      if (!message) return false;
      this.clipboard.push(message.subarray(8).toString('latin1'));
      return true;
    }
    throw new Error(`server message type ${type} not expected`);
  }

  private update(): boolean {
    if (this.buffer.length < 4) return false;
    const count = this.buffer.readUInt16BE(2);
    let at = 4;
    const rects: { x: number; y: number; w: number; h: number; encoding: number; data: number }[] = [];
    for (let i = 0; i < count; i += 1) {
      if (this.buffer.length < at + 12) return false;
      const x = this.buffer.readUInt16BE(at);
      const y = this.buffer.readUInt16BE(at + 2);
      const w = this.buffer.readUInt16BE(at + 4);
      const h = this.buffer.readUInt16BE(at + 6);
      const encoding = this.buffer.readInt32BE(at + 8);
      const size = encoding === 0 ? w * h * 4 : 0;
      if (this.buffer.length < at + 12 + size) return false;
      rects.push({ x, y, w, h, encoding, data: at + 12 });
      at += 12 + size;
    }
    const message = this.take(at)!;
    for (const r of rects) {
      if (r.encoding === -223) this.resize(r.w, r.h);
      else if (r.encoding === 0) {
        const words = new Uint32Array(message.buffer.slice(message.byteOffset + r.data, message.byteOffset + r.data + r.w * r.h * 4));
        for (let row = 0; row < r.h; row++) this.pixels.set(words.subarray(row * r.w, (row + 1) * r.w), (r.y + row) * this.width + r.x);
      }
    }
    this.updates += 1;
    this.requestUpdate(true);
    return true;
  }
}
