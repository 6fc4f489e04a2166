import { posix } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { OlxExportError, olxIssue, type OlxPlace } from './olx-errors';
import type { OlxFiles } from './olx-files';
import { definitionPath, siblingFile } from './olx-paths';
import { place, type OlxNode, type OlxReader } from './olx-reader';
import { childElements, textOf, type XmlElement } from './olx-xml';
import type { CourseIssue } from '../../../shared/course';

/**
 * hastexo's lab block (`<hastexo>`, renamed `<stackamole>` in 9.x) read as its XBlock reads it
 * (hastexo/hastexo.py, stackamole/stackamole.py `parse_xml`): attributes become fields; children
 * `<test>`, `<port>`, `<provider>`, `<hook_events>`, or their YAML forms `<option:tests>`,
 * `<option:ports>`, `<option:providers>`, `<option:hook_events>`; any other child is a nested block
 * (html, video, markdown…) shown above the terminal. A block exported with `filename` keeps those
 * children in `<category>/<filename>.xml`.
 */

export const LAB_BLOCK_CATEGORIES = ['hastexo', 'stackamole'] as const;
export const OPTION_NAMESPACE = 'http://code.edx.org/xblock/option';

/** Attributes hastexo once took for cloud credentials; never read, never stored. */
export const CREDENTIAL_ATTRIBUTES = [
  'os_auth_url',
  'os_username',
  'os_password',
  'os_tenant_name',
  'os_project_name',
  'os_user_domain_name',
  'os_project_domain_name',
  'os_region_name',
  'os_auth_token',
  'provider',
];

/** Attributes that say where the block lives, not what it does. */
export const STRUCTURAL_ATTRIBUTES = ['url_name', 'filename', 'xblock-family'];

export type Protocol = 'ssh' | 'rdp' | 'vnc';

export interface LabProvider {
  readonly name: string;
  /** -1 unlimited, 0 disabled, N at most N labs. */
  readonly capacity: number;
  readonly template?: string;
  readonly environment?: string;
  readonly place: OlxPlace;
}

export interface LabPort {
  readonly name: string;
  readonly number: number;
  readonly place: OlxPlace;
}

export interface LabTest {
  readonly script: string;
  readonly place: OlxPlace;
}

export interface HookEvents {
  readonly suspend: boolean;
  readonly resume: boolean;
  readonly delete: boolean;
}

/** One field of the block as the author wrote it, for the conversion report. */
export interface BlockField {
  readonly name: string;
  /** As written; credential values are never kept. */
  readonly value: string;
  readonly form: 'attribute' | 'option' | 'child';
  readonly place: OlxPlace;
}

export interface HastexoBlock {
  readonly category: string;
  readonly urlName: string | null;
  readonly place: OlxPlace;
  /** Scalar fields by name (attributes and scalar `<option:…>` elements), credentials left out. */
  readonly settings: ReadonlyMap<string, string>;
  readonly fields: readonly BlockField[];
  readonly tests: readonly LabTest[];
  readonly ports: readonly LabPort[];
  readonly providers: readonly LabProvider[];
  /** null when the block has none: hastexo then runs no hook at all. */
  readonly hookEvents: HookEvents | null;
  /** Nested blocks (html, video, markdown…), in order. */
  readonly children: readonly OlxNode[];
}

export function isLabBlock(category: string): boolean {
  return (LAB_BLOCK_CATEGORIES as readonly string[]).includes(category);
}

const TRUE_WORDS = ['y', 'yes', 't', 'true', 'on', '1'];
const FALSE_WORDS = ['n', 'no', 'f', 'false', 'off', '0'];

/** Python's strtobool, which hastexo uses for hook_events. */
export function strToBool(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (TRUE_WORDS.includes(v)) return true;
  if (FALSE_WORDS.includes(v)) return false;
  return undefined;
}

/** hastexo's `<test>` clean-up: drop one leading newline, then textwrap.dedent. */
export function dedentTest(text: string): string {
  const body = text.startsWith('\n') ? text.slice(1) : text.startsWith('\r\n') ? text.slice(2) : text;
  const lines = body.split(/\r?\n/).map((line) => (line.trim() === '' ? '' : line));
  const indents = lines.filter((l) => l !== '').map((l) => /^[ \t]*/.exec(l)![0]);
  let common = indents[0] ?? '';
  for (const indent of indents) while (!indent.startsWith(common)) common = common.slice(0, -1);
  return lines.map((l) => l.slice(common.length)).join('\n');
}

class BlockParser {
  readonly issues: CourseIssue[] = [];
  readonly fields: BlockField[] = [];
  readonly settings = new Map<string, string>();
  readonly tests: LabTest[] = [];
  readonly ports: LabPort[] = [];
  readonly providers: LabProvider[] = [];
  readonly children: OlxNode[] = [];
  hookEvents: HookEvents | null = null;

  attribute(name: string, value: string, at: OlxPlace): void {
    const credential = CREDENTIAL_ATTRIBUTES.includes(name);
    this.fields.push({ name, value: credential ? '' : value, form: 'attribute', place: at });
    if (!credential && !STRUCTURAL_ATTRIBUTES.includes(name)) this.settings.set(name, value);
  }

  /** `<test>`, `<port>`, `<provider>`, `<hook_events>`; true when the child was one of them. */
  child(element: XmlElement, file: string): boolean {
    const at = place(file, element);
    switch (element.local) {
      case 'test':
        this.fields.push({ name: 'tests', value: '<test>', form: 'child', place: at });
        this.tests.push({ script: dedentTest(textOf(element)), place: at });
        return true;
      case 'port':
        this.fields.push({ name: 'ports', value: attributesText(element), form: 'child', place: at });
        this.port(element.attributes.get('name'), element.attributes.get('number'), at);
        return true;
      case 'provider':
        this.fields.push({ name: 'providers', value: attributesText(element), form: 'child', place: at });
        this.provider(Object.fromEntries(element.attributes), at);
        return true;
      case 'hook_events':
        this.fields.push({ name: 'hook_events', value: attributesText(element), form: 'child', place: at });
        // hastexo's parse_xml reads a missing attribute of <hook_events> as "true".
        this.setHookEvents(Object.fromEntries(element.attributes), at, true);
        return true;
      default:
        return false;
    }
  }

  /** An `<option:NAME>` element: a YAML value for list and dict fields, text for the others. */
  option(element: XmlElement, file: string): void {
    const at = place(file, element);
    const name = element.local;
    const text = textOf(element);
    const credential = CREDENTIAL_ATTRIBUTES.includes(name);
    this.fields.push({ name, value: credential ? '' : text.trim(), form: 'option', place: at });
    if (credential) return;
    if (!['tests', 'ports', 'providers', 'hook_events'].includes(name)) {
      this.settings.set(name, text.trim());
      return;
    }
    let data: unknown;
    try {
      data = parseYaml(text, { maxAliasCount: 20 }) as unknown;
    } catch (error) {
      this.issues.push(olxIssue(at, `<option:${name}> is not valid YAML: ${(error as Error).message.split('\n')[0]}`));
      return;
    }
    if (name === 'hook_events') {
      if (data === null || typeof data !== 'object' || Array.isArray(data))
        this.issues.push(olxIssue(at, '<option:hook_events> must be a mapping such as {suspend: true, resume: true, delete: false}'));
      // A dict field keeps only what it says: tasks.py reads a missing event as false.
      else this.setHookEvents(stringValues(data as Record<string, unknown>), at, false);
      return;
    }
    if (!Array.isArray(data)) {
      this.issues.push(olxIssue(at, `<option:${name}> must be a YAML list`));
      return;
    }
    data.forEach((item, index) => {
      const itemAt = at;
      if (name === 'tests') {
        if (typeof item !== 'string')
          this.issues.push(olxIssue(itemAt, `<option:tests> item ${index + 1} must be a script (a YAML string)`));
        else this.tests.push({ script: item, place: itemAt });
        return;
      }
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        this.issues.push(olxIssue(itemAt, `<option:${name}> item ${index + 1} must be a mapping`));
        return;
      }
      const values = stringValues(item as Record<string, unknown>);
      if (name === 'ports') this.port(values.name, values.number, itemAt);
      else this.provider(values, itemAt);
    });
  }

  private port(name: string | undefined, number: string | undefined, at: OlxPlace): void {
    const value = Number(number);
    if (!name?.trim())
      this.issues.push(olxIssue(at, 'a port needs a name (what the learner picks), e.g. <port name="server1" number="22"/>'));
    else if (!number || !Number.isInteger(value) || value < 1 || value > 65_535)
      this.issues.push(olxIssue(at, `port "${name}" needs a number between 1 and 65535`));
    else this.ports.push({ name: name.trim(), number: value, place: at });
  }

  private provider(values: Record<string, string | undefined>, at: OlxPlace): void {
    const name = values.name?.trim();
    if (!name) {
      this.issues.push(olxIssue(at, 'a provider needs a name (it names a cloud), e.g. <provider name="default" capacity="-1"/>'));
      return;
    }
    // hastexo: an empty or "None" capacity means unlimited.
    const raw = values.capacity?.trim();
    const capacity = raw === undefined || raw === '' || raw === 'None' ? -1 : Number(raw);
    if (!Number.isInteger(capacity) || capacity < -1) {
      this.issues.push(olxIssue(at, `provider "${name}" has capacity "${raw}"; expected -1 (unlimited), 0 (disabled) or a number of labs`));
      return;
    }
    const template = values.template && values.template !== 'None' ? values.template : undefined;
    const environment = values.environment && values.environment !== 'None' ? values.environment : undefined;
    this.providers.push({ name, capacity, ...(template ? { template } : {}), ...(environment ? { environment } : {}), place: at });
  }

  private setHookEvents(values: Record<string, string | undefined>, at: OlxPlace, missing: boolean): void {
    const read = (event: 'suspend' | 'resume' | 'delete'): boolean => {
      const raw = values[event];
      if (raw === undefined) return missing;
      const value = strToBool(raw);
      if (value === undefined) this.issues.push(olxIssue(at, `hook_events ${event}="${raw}" is not a truth value (true/false)`));
      return value ?? false;
    };
    this.hookEvents = { suspend: read('suspend'), resume: read('resume'), delete: read('delete') };
  }

  block(node: OlxNode): HastexoBlock {
    if (this.issues.length > 0) throw new OlxExportError(this.issues);
    return {
      category: node.category,
      urlName: node.urlName,
      place: node.place,
      settings: this.settings,
      fields: this.fields,
      tests: this.tests,
      ports: this.ports,
      providers: this.providers,
      hookEvents: this.hookEvents,
      children: this.children,
    };
  }
}

function attributesText(element: XmlElement): string {
  return [...element.attributes].map(([k, v]) => `${k}="${v}"`).join(' ');
}

function stringValues(data: Record<string, unknown>): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(data).map(([k, v]) => [
      k,
      v === null || v === undefined ? undefined : typeof v === 'object' ? JSON.stringify(v) : String(v),
    ]),
  );
}

function isOption(element: XmlElement): boolean {
  return element.namespace === OPTION_NAMESPACE || (element.namespace === null && element.prefix === 'option');
}

/** Reads a hastexo or stackamole block, following `filename` to its children file when it has one. */
export async function readLabBlock(node: OlxNode, reader: OlxReader, files: OlxFiles): Promise<HastexoBlock> {
  const parser = new BlockParser();
  for (const [name, value] of node.attributes) parser.attribute(name, value, node.place);
  const filename = node.attributes.get('filename');
  if (filename !== undefined) {
    const childrenFile = await findChildrenFile(node, filename, files);
    const root = await files.xml(childrenFile, node.place);
    for (const child of childElements(root)) {
      if (!parser.child(child, childrenFile)) {
        parser.issues.push(
          olxIssue(place(childrenFile, child), `<${child.name}> is not a child hastexo knows (test, port, provider, hook_events)`),
        );
      }
    }
  }
  for (const child of childElements(node.element)) {
    if (isOption(child)) parser.option(child, node.place.file);
    else if (!parser.child(child, node.place.file)) parser.children.push(await reader.resolve(child, node.place.file));
  }
  return parser.block(node);
}

/** `<category>/<folder of the url_name>/<filename>.xml`, stackamole's folder first, as stackamole looks. */
async function findChildrenFile(node: OlxNode, filename: string, files: OlxFiles): Promise<string> {
  const base = node.urlName ? definitionPath(node.category, node.urlName) : { ok: true as const, path: `${node.category}/x.xml` };
  if (!base.ok) throw OlxExportError.at(node.place, base.reason);
  const folderWithin = posix.dirname(base.path).split('/').slice(1).join('/');
  const tried: string[] = [];
  for (const category of ['stackamole', 'hastexo']) {
    const folder = folderWithin ? `${category}/${folderWithin}` : category;
    const path = siblingFile(folder, filename, '.xml');
    if (!path.ok) throw OlxExportError.at(node.place, path.reason);
    if (await files.isFile(path.path)) return path.path;
    tried.push(path.path);
  }
  throw OlxExportError.at(node.place, `filename="${filename}" names a file the export does not have (looked for ${tried.join(' and ')})`);
}
