import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiHandlers } from '../api/dispatch';
import { UserFacingError } from '../api/user-error';
import type { CourseLibrary } from './course-library';

type CourseCallName = Extract<keyof ApiHandlers, `course.${string}`>;

function bundleSuffix(fileName: string): string {
  return /\.zip$/i.test(fileName) ? '.zip' : '.tar.gz';
}

/**
 * An upload's failure speaks of the file the learner chose, not of the copy the app made of it in
 * a temporary folder (a path that means nothing to them and leaks where this machine keeps files).
 */
function namedAsChosen(error: unknown, copy: string, chosen: string): unknown {
  if (!(error instanceof Error)) return error;
  const message = error.message.split(copy).join(chosen);
  error.message = message.includes(chosen) ? message : `${chosen}: ${message}`;
  return error;
}

/** The course calls of the contract, answered by the library. */
export function courseHandlers(library: CourseLibrary): Pick<ApiHandlers, CourseCallName> {
  return {
    'course.list': async () => library.list(),
    'course.get': async ({ id }) => library.get(id),
    'course.readStep': async ({ courseId, stepId }) => {
      const step = await library.readStep(courseId, stepId);
      // The UI gets bundle paths only; where files sit on this machine stays in the app.
      return { ...step, images: step.images.map(({ ref, bundlePath, mediaType }) => ({ ref, bundlePath, mediaType })) };
    },
    'course.import': async ({ path, force }) => library.import(path, { force }),
    'course.importBytes': async ({ fileName, base64, force }) => {
      const dir = await mkdtemp(join(tmpdir(), 'lc-upload-'));
      try {
        // Only the kind of archive is taken from the name: the file lands under our own name.
        const file = join(dir, `bundle${bundleSuffix(fileName)}`);
        await writeFile(file, Buffer.from(base64, 'base64'), { mode: 0o600 });
        return await library.import(file, { force }).catch((error: unknown) => {
          throw namedAsChosen(error, file, fileName);
        });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    'course.asset': async ({ courseId, path }) => {
      const image = await library.resolveImage(courseId, path);
      if (!image) throw new UserFacingError('not_found', `Course "${courseId}" has no image "${path}".`);
      return { mediaType: image.mediaType, base64: (await readFile(image.filePath)).toString('base64') };
    },
    'course.remove': async ({ id }) => {
      await library.remove(id);
      return { ok: true as const };
    },
    'course.search': async ({ query, limit }) => library.search(query, limit),
    'course.setProgress': async ({ courseId, stepId, status }) => {
      library.setProgress(courseId, stepId, status);
      return { ok: true as const };
    },
    'course.openStep': async ({ courseId, stepId }) => {
      library.setLastStep(courseId, stepId);
      if (library.getProgress(courseId)[stepId] === 'not_started') library.setProgress(courseId, stepId, 'visited');
      return { ok: true as const };
    },
  };
}
