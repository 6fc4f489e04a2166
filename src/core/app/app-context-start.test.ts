import { describe, expect, it, vi } from 'vitest';
import { testHome } from '../../../test/support/temp-home';
import { createAppContext } from './app-context';

/*
 * The packages only importing, converting, searching or showing a course needs: loading any of
 * them fails this file. Every CLI command that opens the app (`cohort list` among them, which reads
 * courses' rates from the library) pays for what the app's modules load before its first request.
 */
const { loaded } = vi.hoisted(() => ({
  loaded: (name: string) => () => {
    throw new Error(`${name} was loaded`);
  },
}));
vi.mock('marked', loaded('marked'));
vi.mock('yauzl', loaded('yauzl'));
vi.mock('tar', loaded('tar'));
vi.mock('parse5', loaded('parse5'));
vi.mock('minisearch', loaded('minisearch'));
vi.mock('semver/functions/gt.js', loaded('semver'));

describe("the app's start", () => {
  it('opens the data folder, lists and looks courses up without loading the import, search and markdown packages', () => {
    const app = createAppContext({ home: testHome('lc-app-start-').path, mode: 'cli', logName: 'cli' });
    try {
      expect(app.courses.list()).toEqual([]);
      expect(app.courses.findManifest('no-such-course')).toBeUndefined();
      expect(app.settings.get()).toBeDefined();
    } finally {
      app.close();
    }
  });
});
