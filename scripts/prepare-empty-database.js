#!/usr/bin/env node
// Run by `npm install` (postinstall): makes the empty embedded database that
// new data folders are copied from, so the first `npm start` skips PGlite's
// initdb (src/kernel/db/empty-database-template.ts). Never fails the install:
// without a template ASCEND runs initdb itself.
import { register } from 'tsx/esm/api'

register()
try {
  const { makeEmptyDatabaseTemplate } = await import('../src/kernel/db/make-empty-database-template.ts')
  const started = performance.now()
  const folder = await makeEmptyDatabaseTemplate()
  console.log(
    `ASCEND: empty embedded database ready in ${folder} (${Math.round(performance.now() - started)} ms)`,
  )
} catch (error) {
  console.warn(
    `ASCEND: no empty embedded database made (${error instanceof Error ? error.message : error}); the first start will run initdb`,
  )
}
