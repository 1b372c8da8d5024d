#!/usr/bin/env node
// Run by `npm install` (postinstall): compiles src/ into .compiled/ so that
// starts skip tsx's loader (scripts/compiled-sources.js). Never fails the
// install: without the copy ASCEND runs its TypeScript through tsx.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { COMPILED_DIR, compileSources } from './compiled-sources.js'

try {
  const started = performance.now()
  const files = await compileSources()
  console.log(
    files === undefined
      ? 'ASCEND: no TypeScript compiler installed; the sources will run through tsx'
      : `ASCEND: ${files} source files compiled into ${COMPILED_DIR} (${Math.round(performance.now() - started)} ms)`,
  )
  if (files !== undefined) await precompile()
} catch (error) {
  console.warn(
    `ASCEND: sources not compiled (${error instanceof Error ? error.message : error}); they will run through tsx`,
  )
}

// The page templates too, by the compiled copy's own Nunjucks set-up (src/app/precompiled-templates.ts).
async function precompile() {
  const started = performance.now()
  const compiled = (file) => import(pathToFileURL(path.join(COMPILED_DIR, file)).href)
  const { precompileTemplates, precompiledTemplatesDir } = await compiled('app/precompiled-templates.js')
  const { createNunjucks, TEMPLATE_PATHS } = await compiled('app/plugins/views.js')
  const nunjucks = (await import('nunjucks')).default
  const dir = precompiledTemplatesDir()
  const count = precompileTemplates(nunjucks, createNunjucks(), TEMPLATE_PATHS, dir)
  console.log(
    `ASCEND: ${count} page templates compiled into ${dir} (${Math.round(performance.now() - started)} ms)`,
  )
}
