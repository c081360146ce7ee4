import { defineConfig } from 'vitest/config';

/**
 * Two projects. `unit`: everything but test/e2e/, files in parallel. `e2e`: the end-to-end tests (the lab,
 * the packet capture), one file at a time and only once every unit test file has finished
 * (`sequence.groupOrder`), because they hold the CLI's times to the wire within a millisecond, and
 * another test file loading the CPU would move them.
 */
export default defineConfig({
  test: {
    // Real sockets and subprocesses: give slow machines room.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    env: { FORCE_COLOR: '0' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
          globalSetup: ['test/setup/build-lookup-child.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
