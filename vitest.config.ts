import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/faults/**'],
    // oclif writes straight to stdout; let it through so failures are readable.
    disableConsoleIntercept: true,
    setupFiles: ['test/helpers/environment.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
