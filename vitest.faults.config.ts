import { defineConfig } from 'vitest/config'

// The fault-injection suite: slow, deliberately hostile, and run on its own (npm run test:faults).
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    globalSetup: ['test/faults/figures.ts'],
    disableConsoleIntercept: true,
    setupFiles: ['test/helpers/environment.ts'],
    testTimeout: 300_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One hostile scenario at a time: they measure what survives, not how fast.
    fileParallelism: false,
  },
})
