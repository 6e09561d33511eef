import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Interop tests start real daemons in network namespaces; they are slow and must not run concurrently
    // with each other, so they live in their own project with a single worker.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
