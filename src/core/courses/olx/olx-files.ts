import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OlxExportError, type OlxPlace } from './olx-errors';
import { parseXml, XmlError, type XmlElement } from './olx-xml';

/** One XML or HTML file of an export may be this large; course files are small, a bigger one is hostile. */
const MAX_TEXT_BYTES = 8 * 1024 * 1024;

/**
 * Read access to an extracted export (a staging folder holding regular files and folders only).
 * Every path comes from olx-paths, so it stays inside the export.
 */
export class OlxFiles {
  private readonly parsed = new Map<string, XmlElement>();

  constructor(readonly root: string) {}

  absolute(path: string): string {
    return join(this.root, ...path.split('/'));
  }

  async isFile(path: string): Promise<boolean> {
    const info = await lstat(this.absolute(path)).catch(() => undefined);
    return info?.isFile() ?? false;
  }

  async text(path: string, from?: OlxPlace): Promise<string> {
    const info = await lstat(this.absolute(path)).catch(() => undefined);
    if (!info?.isFile()) {
      const where = from ?? { file: path };
      throw OlxExportError.at(where, from ? `refers to ${path}, which the export does not have` : 'missing from the export');
    }
    if (info.size > MAX_TEXT_BYTES) throw OlxExportError.at({ file: path }, `is larger than ${MAX_TEXT_BYTES / 1024 / 1024} MiB; refused`);
    return readFile(this.absolute(path), 'utf8');
  }

  /** The root element of an XML file, parsed once. */
  async xml(path: string, from?: OlxPlace): Promise<XmlElement> {
    const cached = this.parsed.get(path);
    if (cached) return cached;
    const text = await this.text(path, from);
    let root: XmlElement;
    try {
      root = parseXml(text, path);
    } catch (error) {
      if (error instanceof XmlError) throw OlxExportError.fromXml(error);
      throw error;
    }
    this.parsed.set(path, root);
    return root;
  }

  async list(folder: string): Promise<string[]> {
    return readdir(this.absolute(folder)).catch(() => []);
  }
}
