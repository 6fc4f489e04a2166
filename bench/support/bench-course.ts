import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../test/support/serve-process';

/**
 * The sample course under an id of the bench's own (in `dir`), so its lab cannot collide with a
 * test's. Its lab suspends after 2 h idle instead of 2 min: a bench that only watches output (the
 * soak streams for 30 min without a keystroke) would otherwise see the app suspend the lab under it,
 * since output is not learner activity.
 */
export function benchCourse(dir: string, id: string): string {
  const root = join(dir, 'course');
  cpSync(join(REPO_ROOT, 'assets', 'sample-course'), root, { recursive: true });
  const file = join(root, 'course.yaml');
  const manifest = readFileSync(file, 'utf8')
    .replace(/^id: .*$/m, `id: ${id}`)
    .replace(/^(\s+suspend_timeout:) .*$/m, '$1 2h');
  if (!manifest.includes('suspend_timeout: 2h')) throw new Error(`the sample course has no suspend_timeout to lengthen (${file})`);
  writeFileSync(file, manifest);
  return root;
}
