import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const cores = availableParallelism();

/**
 * Integration files whose servers are their own (a throw-away sshd or Xvnc on a free port, job
 * workers on a temporary database) and that leave the sandbox alone. The xrdp files are not among
 * them: they log in to the sandbox's desktop as its lab user, as other files do.
 */
const LOCAL_SERVER_FILES = [
  'test/integration/jobs-processes.test.ts',
  'test/integration/ssh-checks.test.ts',
  'test/integration/ssh-flow-control.test.ts',
  'test/integration/ssh-host-keys.test.ts',
  'test/integration/ssh-session.test.ts',
  'test/integration/vnc-session.test.ts',
  'test/integration/web-console-tls.test.ts',
];

/**
 * What the files against real servers share (local ones, the sandbox's, through Chromium): time for
 * servers to start and labs to come up, and one worker running file after file instead of a fresh
 * process per file — the files drive their subjects in child processes (the CLI, serve, Chromium) and
 * keep no state in shared modules, while a fresh worker per file loaded the same modules again.
 * 14 short files on 2 cores: 122 s and 104 s isolated, 61 s and 62 s not at a load of ~11; 41 s and
 * 68 s isolated, 41 s and 47 s not at a load of 4–5.
 */
const serverTests = {
  setupFiles: ['test/support/temp-cleanup.ts'],
  testTimeout: 120_000,
  hookTimeout: 300_000,
  isolate: false,
};

// Three kinds of test, each with the environment it needs:
// unit tests sit beside the code; integration and end-to-end tests in test/ use the real servers.
export default defineConfig({
  plugins: [react()],
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Vitest's default is one worker less than the cores: on a 2-core machine (CI) one worker ran the
    // unit and ui files one by one, mostly loading modules. They run before the one-file-at-a-time
    // projects, with nothing else running, so two workers keep both cores busy. Projects with
    // fileParallelism: false still get one.
    maxWorkers: Math.max(Math.min(2, cores), cores - 1),
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['src/renderer/**'],
          environment: 'node',
          // Some unit tests load many modules (the CLI, ESLint): 5 s is too little on a busy 2-core machine.
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'ui',
          include: ['src/renderer/**/*.test.ts', 'src/renderer/**/*.test.tsx'],
          environment: 'happy-dom',
          setupFiles: ['test/support/ui-setup.ts'],
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'app',
          setupFiles: ['test/support/temp-cleanup.ts'],
          include: ['test/browser/**/*.test.ts', 'test/build/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'local-servers',
          ...serverTests,
          include: LOCAL_SERVER_FILES,
          // Two at a time, in a group of its own before the one-file-at-a-time sandbox groups.
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          ...serverTests,
          include: ['test/integration/**/*.test.ts'],
          exclude: LOCAL_SERVER_FILES,
          globalSetup: ['test/setup/sandbox-global.ts'],
          fileParallelism: false,
          // Vitest groups a non-isolated project by its groupOrder, and a group shares one worker limit:
          // the default (0) is the unit and ui projects' two workers.
          sequence: { groupOrder: 2 },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          ...serverTests,
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/setup/sandbox-global.ts'],
          fileParallelism: false,
          // As integration: one worker for every file in turn, after the integration files.
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
