import { readdir } from 'node:fs/promises';
import { isImagePath } from '../file-policy';
import type { Resolved } from './html-to-markdown';
import { OlxExportError, type OlxPlace } from './olx-errors';
import type { OlxFiles } from './olx-files';
import { staticAssetPath } from './olx-paths';

/** Folder of a bundle where images from static/ land, keeping their path under static/. */
export const IMAGES_FOLDER = 'images';

/** Every file under the export's static/, as paths relative to it. */
export async function listStaticFiles(files: OlxFiles): Promise<Set<string>> {
  const root = files.absolute('static');
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  const found = new Set<string>();
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = `${entry.parentPath}/${entry.name}`;
    found.add(
      full
        .slice(root.length + 1)
        .split(/[\\/]/)
        .join('/'),
    );
  }
  return found;
}

const REMOTE = /^(?:https?:)?\/\//i;

/**
 * The static files one course uses, and how a step refers to them. Images are copied to
 * images/<path under static>; a reference that would leave the export refuses it; a remote image is
 * never downloaded (a course reads offline): its alt text stays, with a note.
 */
export class CourseAssets {
  /** Bundle path → static path, for the writer. */
  readonly images = new Map<string, string>();
  readonly notes: string[] = [];

  constructor(private readonly staticFiles: ReadonlySet<string>) {}

  image(src: string, at: OlxPlace): Resolved {
    const ref = src.trim();
    if (REMOTE.test(ref))
      return {
        href: null,
        note: `${at.file}: image ${ref} is on the web; it is not downloaded (a course reads offline), its alt text is shown`,
      };
    if (/^data:/i.test(ref)) return { href: null, note: `${at.file}: an image embedded as a data: URL is not carried over` };
    const path = staticAssetPath(ref);
    if (!path.ok) throw OlxExportError.at(at, `image src ${path.reason}`);
    if (!this.staticFiles.has(path.path)) return { href: null, note: `${at.file}: image "${ref}" is not in the export's static/ folder` };
    if (!isImagePath(path.path))
      return { href: null, note: `${at.file}: "${ref}" is not an image a course can show (.png .jpg .jpeg .gif .svg .webp)` };
    const bundlePath = `${IMAGES_FOLDER}/${path.path}`;
    this.images.set(bundlePath, path.path);
    return { href: `../${bundlePath}` };
  }

  link(href: string, at: OlxPlace): Resolved {
    const ref = href.trim();
    if (/^(https?:|mailto:)/i.test(ref)) return { href: ref };
    if (REMOTE.test(ref)) return { href: `https:${ref}` };
    if (ref.startsWith('/static/')) {
      const path = staticAssetPath(ref);
      if (!path.ok) throw OlxExportError.at(at, `link ${path.reason}`);
      if (isImagePath(path.path) && this.staticFiles.has(path.path)) return this.image(ref, at);
      return { href: null, note: `${at.file}: the link to the course file "${ref}" is kept as text (a course holds no such files)` };
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) return { href: null, note: `${at.file}: a "${ref.split(':')[0]}:" link is not carried over` };
    return { href: null, note: `${at.file}: the link "${ref}" points inside the Open edX course; its text is kept` };
  }
}
