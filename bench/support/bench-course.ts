import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../test/support/serve-process';

/** The sample course under an id of the bench's own (in `dir`), so its lab cannot collide with a test's. */
export function benchCourse(dir: string, id: string): string {
  const root = join(dir, 'course');
  cpSync(join(REPO_ROOT, 'assets', 'sample-course'), root, { recursive: true });
  const file = join(root, 'course.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^id: .*$/m, `id: ${id}`));
  return root;
}
