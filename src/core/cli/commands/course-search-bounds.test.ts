import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempHome } from '../../../../test/support/temp-home';
import { SEARCH_QUERY_MAX_LENGTH, SEARCH_QUERY_MAX_WORDS } from '../../../shared/course';
import { dispatch } from '../../api/dispatch';
import { createAppContext, type AppContext } from '../../app/app-context';
import { runCliCaptured, type CliOutcome } from '../cli-capture.test-support';
import { silentLogger } from '../../log/logger';
import { writeFixtureCourse } from '../../courses/course-fixture';

/**
 * Library search is bounded in length and words, as invalid input, through the app's API dispatch
 * (what the Electron IPC and the browser-mode WebSocket run) and through `lab-console course search`.
 */

let home: ReturnType<typeof tempHome>;
let context: AppContext;

beforeAll(async () => {
  home = tempHome();
  context = createAppContext({ home: join(home.path, 'data'), mode: 'browser', logName: 'server' });
  await context.courses.import(await writeFixtureCourse(join(home.path, 'course'), { steps: 20 }));
}, 60_000);
afterAll(() => {
  context.close();
  home.remove();
});

const search = (query: string) => dispatch(context.handlers(), 'course.search', { query }, silentLogger);

const cli = (...args: string[]): Promise<CliOutcome> => runCliCaptured(join(home.path, 'data'), args);

describe('course search input is bounded', { timeout: 30_000 }, () => {
  it('refuses a 20,000-character query at once as invalid input, through the API', async () => {
    const started = performance.now();
    const answer = await search('abcdefghijklmnopqrst'.repeat(1000));
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining(`at most ${SEARCH_QUERY_MAX_LENGTH} characters`) },
    });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('refuses a 70 MiB query as invalid input, not an internal error', async () => {
    const answer = await search('x'.repeat(70 * 1024 * 1024));
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('refuses more words than the limit, counted as the index splits them', async () => {
    const words = (n: number, separator: string) => Array.from({ length: n }, (_, i) => `w${i}`).join(separator);
    expect(await search(words(SEARCH_QUERY_MAX_WORDS + 1, ' '))).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining(`at most ${SEARCH_QUERY_MAX_WORDS} words`) },
    });
    expect(await search(words(SEARCH_QUERY_MAX_WORDS + 1, '-'))).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await search(words(SEARCH_QUERY_MAX_WORDS, ' '))).toMatchObject({ ok: true, value: [] });
  });

  it('still finds what a learner types', async () => {
    expect(await search('step 3')).toMatchObject({
      ok: true,
      value: expect.arrayContaining([expect.objectContaining({ courseId: 'sample-course', stepId: 'step-3' })]),
    });
  });

  it('lab-console course search exits 2 with the limit for a query past it', async () => {
    const result = await cli('course', 'search', 'abcdefghijklmnopqrst'.repeat(1000));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`at most ${SEARCH_QUERY_MAX_LENGTH} characters`);
    const many = await cli('course', 'search', ...Array.from({ length: SEARCH_QUERY_MAX_WORDS + 1 }, (_, i) => `w${i}`));
    expect(many.code).toBe(2);
    expect(many.stderr).toContain(`at most ${SEARCH_QUERY_MAX_WORDS} words`);
    expect((await cli('course', 'search', 'step', '3')).code).toBe(0);
  });
});
