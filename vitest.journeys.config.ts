import { defineConfig } from 'vitest/config'

// Browser journeys: one Chromium at a time against an in-process server.
export default defineConfig({
  test: {
    include: ['test/journeys/**/*.journey.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
})
