#!/usr/bin/env node
// Run by `npm install` (postinstall): compiles src/ into .compiled/ so that
// starts skip tsx's loader (scripts/compiled-sources.js). Never fails the
// install: without the copy ASCEND runs its TypeScript through tsx.
import { COMPILED_DIR, compileSources } from './compiled-sources.js'

try {
  const started = performance.now()
  const files = await compileSources()
  console.log(
    files === undefined
      ? 'ASCEND: no TypeScript compiler installed; the sources will run through tsx'
      : `ASCEND: ${files} source files compiled into ${COMPILED_DIR} (${Math.round(performance.now() - started)} ms)`,
  )
} catch (error) {
  console.warn(
    `ASCEND: sources not compiled (${error instanceof Error ? error.message : error}); they will run through tsx`,
  )
}
