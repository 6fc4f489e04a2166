import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ConversionReport, ConvertedCourseReport, UnsupportedElement } from '../../../shared/course/olx-conversion';
import { CourseAssets, listStaticFiles } from './course-assets';
import { isLabBlock, readLabBlock, type HastexoBlock } from './hastexo-block';
import { LabMapper } from './lab-mapping';
import { escapeMarkdown } from './html-to-markdown';
import type { OlxFiles } from './olx-files';
import { courseIdOf, stepFileName, stepIdOf, withHash } from './olx-ids';
import { OlxReader, type OlxChapter, type OlxNode, type OlxSequential, type OlxUnit } from './olx-reader';
import { StepRenderer } from './step-content';

/** A file of a converted bundle: text made by the converter, or a file copied from the export. */
export type BundleFile = { readonly text: string } | { readonly fromExport: string };

export interface ConvertedCourse {
  readonly id: string;
  /** The data of course.yaml. */
  readonly manifest: Record<string, unknown>;
  /** Bundle path → content, course.yaml excluded. */
  readonly files: ReadonlyMap<string, BundleFile>;
  readonly report: ConvertedCourseReport;
}

export interface Conversion {
  readonly courses: readonly ConvertedCourse[];
  readonly report: ConversionReport;
}

/** The version of a converted course: one release, told apart by what it holds (an export has no version). */
export const OLX_VERSION_PREFIX = '1.0.0+olx.';

export function isConvertedVersion(version: string): boolean {
  return version.startsWith(OLX_VERSION_PREFIX);
}

interface LabSite {
  readonly unit: OlxUnit;
  readonly node: OlxNode;
}

/**
 * Converts an extracted Open edX export: every subsection holding a hastexo or stackamole block
 * becomes one Lab Console course — its units the steps in order, the block its lab and checks.
 */
export async function convertOlx(files: OlxFiles): Promise<Conversion> {
  const reader = new OlxReader(files);
  const course = await reader.course();
  const staticFiles = await listStaticFiles(files);
  const courses: ConvertedCourse[] = [];
  const skipped: ConversionReport['skipped'] = [];
  const ids = new Set<string>();
  for (const chapter of course.chapters) {
    for (const sequential of chapter.sequentials) {
      const sites = labSites(sequential);
      if (sites.length === 0) {
        skipped.push({
          subsection: sequential.urlName ?? '',
          title: sequential.displayName,
          chapter: chapter.displayName,
          reason: 'no hastexo or stackamole block: not a lab',
        });
        continue;
      }
      let id = courseIdOf(course.org, course.course, sequential.urlName ?? sequential.displayName);
      if (ids.has(id)) id = withHash(id, `${sequential.urlName}#${ids.size}`, 63);
      ids.add(id);
      const converter = new SubsectionConverter(files, reader, staticFiles);
      courses.push(
        await converter.convert(
          id,
          `${course.displayName} — ${sequential.displayName}`,
          { org: course.org, course: course.course, run: course.run },
          chapter,
          sequential,
          sites,
        ),
      );
    }
  }
  return {
    courses,
    report: {
      source: { org: course.org, course: course.course, run: course.run, title: course.displayName },
      courses: courses.map((c) => c.report),
      skipped,
    },
  };
}

function labSites(sequential: OlxSequential): LabSite[] {
  return sequential.units.flatMap((unit) => unit.components.filter((c) => isLabBlock(c.category)).map((node) => ({ unit, node })));
}

class SubsectionConverter {
  private readonly assets: CourseAssets;
  private readonly renderer: StepRenderer;
  private readonly files = new Map<string, BundleFile>();

  constructor(
    private readonly olx: OlxFiles,
    private readonly reader: OlxReader,
    private readonly staticFiles: ReadonlySet<string>,
  ) {
    this.assets = new CourseAssets(staticFiles);
    this.renderer = new StepRenderer(olx, this.assets);
  }

  async convert(
    id: string,
    title: string,
    source: { org: string; course: string; run: string },
    chapter: OlxChapter,
    sequential: OlxSequential,
    sites: readonly LabSite[],
  ): Promise<ConvertedCourse> {
    const notes: string[] = [];
    const blocks = new Map<OlxNode, HastexoBlock>();
    for (const site of sites) blocks.set(site.node, await readLabBlock(site.node, this.reader, this.olx));
    const [first, ...others] = sites;
    for (const other of others) {
      notes.push(
        `${other.node.place.file}:${other.node.place.line ?? 0}: a second lab block (unit "${other.unit.displayName}") is ignored: hastexo supports one per subsection; its nested content is kept`,
      );
    }

    const stepIds = new Map<OlxUnit, string>();
    const used = new Set<string>();
    sequential.units.forEach((unit, index) => {
      let stepId = stepIdOf(unit.urlName ?? `unit-${index + 1}`);
      if (used.has(stepId)) stepId = withHash(stepId, `${unit.urlName ?? ''}#${index}`, 64);
      used.add(stepId);
      stepIds.set(unit, stepId);
    });

    const labBlock = blocks.get(first!.node)!;
    const labStep = stepIds.get(first!.unit)!;
    const plan = await new LabMapper(labBlock, this.olx, this.staticFiles, labStep).map();
    for (const [path, from] of plan.labFiles) this.files.set(path, { fromExport: `static/${from}` });
    for (const [path, text] of plan.scripts) this.files.set(path, { text });
    notes.push(...plan.notes);

    const labChildren = new Map([...blocks].map(([node, block]) => [node, block.children] as const));
    const unsupported: UnsupportedElement[] = [];
    const steps: Record<string, unknown>[] = [];
    const stepReports: ConvertedCourseReport['steps'] = [];
    for (const [index, unit] of sequential.units.entries()) {
      const stepId = stepIds.get(unit)!;
      const body = await this.renderer.render(unit, labChildren);
      unsupported.push(...body.unsupported);
      const isLabUnit = unit === first!.unit;
      const checks = isLabUnit ? plan.checks : [];
      const file = stepFileName(index, stepId);
      this.files.set(file, { text: body.markdown || emptyStep(isLabUnit, checks.length > 0) });
      steps.push({
        id: stepId,
        title: unit.displayName,
        file,
        ...(checks.length
          ? {
              checks: [...checks],
              check_timeout: '2m',
              ...(plan.checkConnection ? { check_connection: plan.checkConnection } : {}),
              ...(plan.checkDisplay ? { check_display: plan.checkDisplay } : {}),
            }
          : {}),
      });
      stepReports.push({ id: stepId, unit: unit.urlName ?? '', title: unit.displayName, checks: checks.length });
    }
    for (const stray of sequential.strays) {
      const note = `This subsection has a "${stray.category}" outside its units that Lab Console does not show.`;
      unsupported.push({
        element: stray.category,
        unit: sequential.urlName ?? '',
        unitTitle: sequential.displayName,
        file: stray.place.file,
        line: stray.place.line ?? 0,
        note,
      });
    }
    for (const [bundlePath, staticPath] of this.assets.images) this.files.set(bundlePath, { fromExport: `static/${staticPath}` });
    notes.push(
      ...this.assets.notes,
      'The template receives run = the Lab Console course id; hastexo passed "<course>_<run>" of the Open edX course run.',
    );

    const manifestWithoutVersion = {
      id,
      title,
      description: `Converted from the Open edX course ${source.org}/${source.course} (run ${source.run || 'unknown'}), section "${chapter.displayName}", subsection "${sequential.displayName}".`,
      lab: plan.lab,
      steps,
    };
    const version = `${OLX_VERSION_PREFIX}${await this.fingerprint(manifestWithoutVersion)}`;
    const manifest = { id, title, version, description: manifestWithoutVersion.description, lab: plan.lab, steps };
    return {
      id,
      manifest,
      files: this.files,
      report: {
        id,
        title,
        version,
        dir: null,
        chapter: chapter.displayName,
        subsection: sequential.urlName ?? sequential.displayName,
        protocol: plan.protocol,
        steps: stepReports,
        attributes: [...plan.attributes],
        unsupported,
        notes,
      },
    };
  }

  /** What the course holds, hashed: the same export converts to the same version. */
  private async fingerprint(manifest: unknown): Promise<string> {
    const hash = createHash('sha256').update(JSON.stringify(manifest));
    for (const [path, file] of [...this.files].sort(([a], [b]) => a.localeCompare(b))) {
      hash.update(`\0${path}\0`);
      hash.update('text' in file ? file.text : await readFile(this.olx.absolute(file.fromExport)));
    }
    return hash.digest('hex').slice(0, 12);
  }
}

function emptyStep(isLabUnit: boolean, hasChecks: boolean): string {
  if (!isLabUnit) return `*${escapeMarkdown('This unit has nothing to read.')}*\n`;
  return hasChecks ? 'Work in the lab beside this step. Press **Check** when you are done.\n' : 'Work in the lab beside this step.\n';
}
