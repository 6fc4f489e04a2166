import { OlxExportError, type OlxPlace } from './olx-errors';
import { type OlxFiles } from './olx-files';
import { definitionPath } from './olx-paths';
import { childElements, type XmlElement } from './olx-xml';

/**
 * The course tree of an Open edX export (OLX): course.xml → course/<run>.xml → chapter (section) →
 * sequential (subsection) → vertical (unit) → components. Each level may be written inline or as a
 * pointer (`<vertical url_name="x"/>` read from `vertical/x.xml`); both read the same here.
 */

export interface OlxNode {
  /** The element's local name: "html", "hastexo", "problem"… */
  readonly category: string;
  readonly urlName: string | null;
  /** The definition: the pointed-to file's root, or the inline element. */
  readonly element: XmlElement;
  /** Attributes of the pointer merged under those of the definition. */
  readonly attributes: ReadonlyMap<string, string>;
  /** The file the definition was read from, and where. */
  readonly place: OlxPlace;
}

export interface OlxUnit extends OlxNode {
  readonly displayName: string;
  readonly components: readonly OlxNode[];
}

export interface OlxSequential extends OlxNode {
  readonly displayName: string;
  readonly units: readonly OlxUnit[];
  /** Children of the subsection that are not units. */
  readonly strays: readonly OlxNode[];
}

export interface OlxChapter extends OlxNode {
  readonly displayName: string;
  readonly sequentials: readonly OlxSequential[];
}

export interface OlxCourse {
  readonly org: string;
  readonly course: string;
  readonly run: string;
  readonly displayName: string;
  readonly chapters: readonly OlxChapter[];
  readonly place: OlxPlace;
}

/** Folder names of the export that hold a course.xml, as Studio writes them. */
export const COURSE_FILE = 'course.xml';

/** Open edX treats an element with only a url_name (and no children) as a pointer to its own file. */
function isPointer(element: XmlElement): boolean {
  if (childElements(element).length > 0) return false;
  if (element.children.some((c) => c.kind === 'text' && c.text.trim() !== '')) return false;
  const names = [...element.attributes.keys()];
  return names.includes('url_name') && names.every((n) => n === 'url_name');
}

export class OlxReader {
  constructor(readonly files: OlxFiles) {}

  async course(): Promise<OlxCourse> {
    const top = await this.files.xml(COURSE_FILE);
    if (top.local !== 'course') throw OlxExportError.at(place(COURSE_FILE, top), `the root element is <${top.name}>, not <course>`);
    const org = top.attributes.get('org') ?? '';
    const courseName = top.attributes.get('course') ?? '';
    const run = top.attributes.get('url_name') ?? '';
    let definition = top;
    let file = COURSE_FILE;
    if (run && childElements(top).length === 0) {
      const path = definitionPath('course', run);
      if (!path.ok) throw OlxExportError.at(place(COURSE_FILE, top), path.reason);
      definition = await this.files.xml(path.path, place(COURSE_FILE, top));
      file = path.path;
    }
    if (!org || !courseName) {
      throw OlxExportError.at(
        place(COURSE_FILE, top),
        'the <course> element needs org and course attributes (they name the course: org/course/run)',
      );
    }
    const displayName =
      definition.attributes.get('display_name') ?? top.attributes.get('display_name') ?? (await this.policyDisplayName(run)) ?? courseName;
    const chapters: OlxChapter[] = [];
    for (const child of childElements(definition)) {
      if (child.local !== 'chapter') continue;
      chapters.push(await this.chapter(await this.resolve(child, file)));
    }
    return { org, course: courseName, run, displayName, chapters, place: place(file, definition) };
  }

  /** Resolves a child element: a pointer is read from its own file, an inline element is used as is. */
  async resolve(element: XmlElement, file: string): Promise<OlxNode> {
    const urlName = element.attributes.get('url_name') ?? null;
    if (urlName !== null && isPointer(element)) {
      const path = definitionPath(element.local, urlName);
      if (!path.ok) throw OlxExportError.at(place(file, element), path.reason);
      const definition = await this.files.xml(path.path, place(file, element));
      const attributes = new Map([...element.attributes, ...definition.attributes]);
      return { category: element.local, urlName, element: definition, attributes, place: place(path.path, definition) };
    }
    return { category: element.local, urlName, element, attributes: element.attributes, place: place(file, element) };
  }

  private async chapter(node: OlxNode): Promise<OlxChapter> {
    const sequentials: OlxSequential[] = [];
    for (const child of childElements(node.element)) {
      if (child.local !== 'sequential') continue;
      sequentials.push(await this.sequential(await this.resolve(child, node.place.file)));
    }
    return { ...node, displayName: displayName(node, 'Section'), sequentials };
  }

  private async sequential(node: OlxNode): Promise<OlxSequential> {
    const units: OlxUnit[] = [];
    const strays: OlxNode[] = [];
    for (const child of childElements(node.element)) {
      const resolved = await this.resolve(child, node.place.file);
      if (child.local === 'vertical') units.push(await this.unit(resolved));
      else strays.push(resolved);
    }
    return { ...node, displayName: displayName(node, 'Subsection'), units, strays };
  }

  private async unit(node: OlxNode): Promise<OlxUnit> {
    const components: OlxNode[] = [];
    for (const child of childElements(node.element)) {
      const resolved = await this.resolve(child, node.place.file);
      // A unit inside a unit: its components belong to this step.
      if (child.local === 'vertical') components.push(...(await this.unit(resolved)).components);
      else components.push(resolved);
    }
    return { ...node, displayName: displayName(node, 'Unit'), components };
  }

  private async policyDisplayName(run: string): Promise<string | undefined> {
    if (!run || !/^[A-Za-z0-9_.~-]+$/.test(run)) return undefined;
    const path = `policies/${run}/policy.json`;
    if (!(await this.files.isFile(path))) return undefined;
    try {
      const policy = JSON.parse(await this.files.text(path)) as Record<string, { display_name?: unknown } | undefined>;
      const name = policy[`course/${run}`]?.display_name;
      return typeof name === 'string' && name.trim() ? name.trim() : undefined;
    } catch {
      return undefined;
    }
  }
}

function displayName(node: OlxNode, fallback: string): string {
  const name = node.attributes.get('display_name')?.trim();
  return name || (node.urlName ? `${fallback} ${node.urlName}` : fallback);
}

export function place(file: string, element: XmlElement): OlxPlace {
  return { file, line: element.line, column: element.column };
}
