import { createRequire } from 'node:module'
import path from 'node:path'
import type nunjucks from 'nunjucks'

/**
 * A second copy of Nunjucks, loaded afresh, so none of ASCEND's speedups are
 * in it: what the tests compare ASCEND's rendering with.
 */
export function pristineNunjucks(): typeof nunjucks {
  const require = createRequire(import.meta.url)
  const isNunjucks = (file: string) => file.includes(`${path.sep}node_modules${path.sep}nunjucks${path.sep}`)
  const kept = Object.entries(require.cache).filter(([file]) => isNunjucks(file))
  for (const [file] of kept) delete require.cache[file]
  try {
    return require('nunjucks') as typeof nunjucks
  } finally {
    for (const file of Object.keys(require.cache)) if (isNunjucks(file)) delete require.cache[file]
    Object.assign(require.cache, Object.fromEntries(kept))
  }
}
