import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CourseManifest, StepContent, StepImage, StepStatus } from '../../shared/course';
import { CourseFilesMissingError } from './course-errors';
import { isImagePath, mediaTypeOf } from './file-policy';
import { analyzeMarkdown, resolveImageRef } from './markdown-refs';

export interface LocalStepImage extends StepImage {
  /** Where the image is on this machine, for the app's file handler. */
  readonly filePath: string;
}

export interface LocalStepContent extends Omit<StepContent, 'images'> {
  readonly images: LocalStepImage[];
}

export interface StepToRead {
  readonly courseId: string;
  /** The course's folder in the library. */
  readonly root: string;
  readonly steps: CourseManifest['steps'];
  /** The step's place in `steps` (it exists). */
  readonly index: number;
  readonly status: StepStatus;
}

/** A step as the course view shows it: its Markdown, the images it may show, its neighbours. */
export async function readStepContent({ courseId, root, steps, index, status }: StepToRead): Promise<LocalStepContent> {
  const step = steps[index]!;
  const markdown = await readFile(join(root, ...step.file.split('/')), 'utf8').catch((error: unknown) => {
    throw new CourseFilesMissingError(courseId, step.file, error);
  });
  const images = new Map<string, LocalStepImage>();
  const addImage = (ref: string, bundlePath: string): void => {
    if (images.has(ref) || !isImagePath(bundlePath)) return;
    images.set(ref, {
      ref,
      bundlePath,
      mediaType: mediaTypeOf(bundlePath) ?? 'application/octet-stream',
      filePath: join(root, ...bundlePath.split('/')),
    });
  };
  for (const image of analyzeMarkdown(markdown).images) {
    const resolved = resolveImageRef(step.file, image.href);
    if (resolved.ok) addImage(image.href, resolved.bundlePath);
  }
  // Images listed in course.yaml but not shown by the Markdown (e.g. for a side panel).
  const shown = new Set([...images.values()].map((i) => i.bundlePath));
  for (const path of step.images) if (!shown.has(path)) addImage(path, path);
  return {
    courseId,
    stepId: step.id,
    index,
    title: step.title,
    file: step.file,
    markdown,
    images: [...images.values()],
    previousStepId: steps[index - 1]?.id ?? null,
    nextStepId: steps[index + 1]?.id ?? null,
    status,
    hasChecks: step.checks.length > 0,
    hints: [...step.hints],
    hasSolve: step.solve !== null,
    ...(step.check_display ? { checkDisplay: step.check_display } : {}),
  };
}
