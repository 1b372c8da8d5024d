import fs from 'node:fs'
import { expect, it } from 'vitest'
// @ts-expect-error: a plain ESM script without types
import { missingPlatformEntries } from '../scripts/complete-lockfile.mjs'

// `npm ci` (what CI runs) refuses a lock that misses an optional platform build,
// and `npm install` drops the builds this project's registry lacks.
it('lists every optional platform build, so npm ci accepts the lock', () => {
  const lock = JSON.parse(fs.readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'))
  const missing = (missingPlatformEntries(lock) as [string][]).map(([path]) => path)
  expect(missing, 'run: node scripts/complete-lockfile.mjs').toEqual([])
})
