/**
 * Setup file of the app, integration and e2e projects: after each test file, the course copies and
 * bundles test/support/course-bundles.ts made for it are removed from the temporary folder.
 * Registered here, this afterAll runs after the file's own (hooks run in reverse order), so a serve
 * still reading a copy has stopped by then.
 */
import { afterAll } from 'vitest';
import { removeCourseCopies } from './course-bundles';

afterAll(removeCourseCopies);
