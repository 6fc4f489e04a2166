import type { UnsupportedElement } from '../../../shared/course/olx-conversion';
import type { CourseAssets } from './course-assets';
import { isLabBlock } from './hastexo-block';
import { escapeMarkdown, htmlToMarkdown, markdownUrl } from './html-to-markdown';
import type { OlxFiles } from './olx-files';
import { siblingFile } from './olx-paths';
import type { OlxNode, OlxUnit } from './olx-reader';
import { serializeChildren, textOf } from './olx-xml';
import { OlxExportError } from './olx-errors';

/** What a unit's components become in its step's Markdown. */
export interface StepBody {
  readonly markdown: string;
  readonly unsupported: readonly UnsupportedElement[];
}

const NAMES: Readonly<Record<string, string>> = {
  problem: 'a problem',
  discussion: 'a discussion',
  openassessment: 'an open response assessment',
  'drag-and-drop-v2': 'a drag-and-drop problem',
  lti: 'an LTI tool',
  lti_consumer: 'an LTI tool',
  poll: 'a poll',
  survey: 'a survey',
  word_cloud: 'a word cloud',
  library_content: 'randomised library content',
  split_test: 'a content experiment',
  conditional: 'conditional content',
  pdf: 'a PDF',
};

export class StepRenderer {
  constructor(
    private readonly files: OlxFiles,
    private readonly assets: CourseAssets,
  ) {}

  /** The unit's components in order; a lab block contributes its nested blocks (shown above its terminal in Open edX). */
  async render(unit: OlxUnit, labChildren: ReadonlyMap<OlxNode, readonly OlxNode[]>): Promise<StepBody> {
    const parts: string[] = [];
    const unsupported: UnsupportedElement[] = [];
    const visit = async (component: OlxNode): Promise<void> => {
      if (isLabBlock(component.category)) {
        for (const child of labChildren.get(component) ?? []) await visit(child);
        return;
      }
      const markdown = await this.component(component);
      if (markdown !== undefined) {
        if (markdown.trim()) parts.push(markdown.trim());
        return;
      }
      const title = component.attributes.get('display_name')?.trim();
      const what = NAMES[component.category] ?? `an Open edX "${component.category}" component`;
      const note = `This unit has ${what}${title ? ` ("${title}")` : ''} that Lab Console does not show.`;
      parts.push(`> *${escapeMarkdown(note)}*`);
      unsupported.push({
        element: component.category,
        unit: unit.urlName ?? '',
        unitTitle: unit.displayName,
        file: component.place.file,
        line: component.place.line ?? 0,
        note,
      });
    };
    for (const component of unit.components) await visit(component);
    return { markdown: parts.length ? `${parts.join('\n\n')}\n` : '', unsupported };
  }

  /** Markdown for a component Lab Console shows; undefined for one it does not. */
  private async component(node: OlxNode): Promise<string | undefined> {
    switch (node.category) {
      case 'html':
        return this.html(node);
      case 'markdown':
        return this.markdown(node);
      case 'video':
        return this.video(node);
      default:
        return undefined;
    }
  }

  private async html(node: OlxNode): Promise<string> {
    const filename = node.attributes.get('filename');
    let html: string;
    if (filename !== undefined) {
      const path = siblingFile('html', filename, '.html');
      if (!path.ok) throw OlxExportError.at(node.place, path.reason);
      html = await this.files.text(path.path, node.place);
    } else html = serializeChildren(node.element);
    const at = node.place;
    const result = htmlToMarkdown(html, { image: (src) => this.assets.image(src, at), link: (href) => this.assets.link(href, at) });
    this.assets.notes.push(...result.notes);
    return result.markdown;
  }

  /** The Markdown XBlock: Markdown already; only its /static/ references change. */
  private async markdown(node: OlxNode): Promise<string> {
    const filename = node.attributes.get('filename');
    let text: string;
    if (filename !== undefined) {
      const path = siblingFile('markdown', filename, filename.endsWith('.md') ? '.md' : '');
      if (!path.ok) throw OlxExportError.at(node.place, path.reason);
      text = await this.files.text(path.path, node.place);
    } else text = textOf(node.element);
    const at = node.place;
    const dedented = text.replace(/^\s*\n/, '').replace(/\s+$/, '');
    const indent = Math.min(
      ...dedented
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => /^ */.exec(l)![0].length),
    );
    const body = dedented
      .split('\n')
      .map((l) => l.slice(Number.isFinite(indent) ? indent : 0))
      .join('\n');
    return body
      .replace(/(!?)\[([^\]]*)\]\(\s*(\/static\/[^)\s]+)([^)]*)\)/g, (_m, bang: string, text: string, href: string, rest: string) => {
        const resolved = bang ? this.assets.image(href, at) : this.assets.link(href, at);
        if (resolved.href === null) {
          this.assets.notes.push(resolved.note);
          return bang ? (text ? `*${text}*` : '') : text;
        }
        return `${bang}[${text}](${resolved.href}${rest})`;
      })
      .replace(/(<img\b[^>]*\bsrc\s*=\s*["'])(\/static\/[^"']+)(["'])/gi, (_m, before: string, src: string, after: string) => {
        const resolved = this.assets.image(src, at);
        if (resolved.href === null) {
          this.assets.notes.push(resolved.note);
          return `${before}${after}`;
        }
        return `${before}${resolved.href}${after}`;
      });
  }

  private video(node: OlxNode): string {
    const title = node.attributes.get('display_name')?.trim() || 'Video';
    const youtube = node.attributes.get('youtube_id_1_0') || /1\.00?:([A-Za-z0-9_-]{6,})/.exec(node.attributes.get('youtube') ?? '')?.[1];
    const sources = [
      ...node.element.children.flatMap((c) =>
        c.kind === 'element' && c.local === 'source' && c.attributes.get('src') ? [c.attributes.get('src')!] : [],
      ),
      ...parseList(node.attributes.get('html5_sources')),
    ].filter((src) => /^https?:\/\//i.test(src));
    const url = youtube && /^[A-Za-z0-9_-]+$/.test(youtube) ? `https://www.youtube.com/watch?v=${youtube}` : sources[0];
    this.assets.notes.push(
      `${node.place.file}: video "${title}" is not embedded; ${url ? 'the step links to it' : 'it has no web address and was left out'}`,
    );
    return url ? `**${escapeMarkdown(title)}:** [watch the video](${markdownUrl(url)})` : '';
  }
}

function parseList(value: string | undefined): string[] {
  if (!value) return [];
  try {
    const parsed = JSON.parse(value) as unknown;
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
