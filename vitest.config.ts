import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real sockets and subprocesses: keep the default pool but give slow machines room.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    env: { FORCE_COLOR: '0' },
  },
});
