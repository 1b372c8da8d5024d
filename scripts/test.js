#!/usr/bin/env node
// `npm test`: the type check, the unit and integration suites (on the embedded database, and on
// a PostgreSQL server too when TEST_DATABASE_URL is set), then the browser
// journeys in Chromium. Stops at the first suite that fails.
import { spawnSync } from 'node:child_process'

const suites = [
  ['type check', ['tsc', '--noEmit', '-p', '.']],
  ['unit and integration tests', ['vitest', 'run']],
  ['browser journeys', ['vitest', 'run', '--config', 'vitest.journeys.config.ts']],
]

if (!process.env.TEST_DATABASE_URL) {
  console.log('Note: TEST_DATABASE_URL is not set, so integration tests run on the embedded database only.')
  console.log(
    'Set it (e.g. postgres://postgres@127.0.0.1:5432/postgres) to run them on a PostgreSQL server too.\n',
  )
}

for (const [name, args] of suites) {
  console.log(`\n=== ${name} ===\n`)
  const result = spawnSync('npx', args, { stdio: 'inherit', env: process.env })
  if (result.status !== 0) {
    console.error(`\n${name} failed`)
    process.exit(result.status ?? 1)
  }
}
