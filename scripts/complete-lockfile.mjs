#!/usr/bin/env node
// The npm registry this project is built against lacks some packages' builds
// for other platforms (Biome's and DuckDB's Android, macOS, Windows and musl
// binaries). `npm install` then leaves them out of package-lock.json, and
// `npm ci` refuses a lock that misses an optional dependency. This adds each
// missing platform build as an optional entry with the os, cpu and libc its
// name declares, which `npm ci` skips on any other platform without fetching.
// Run it after `npm install` changes the lock; test/lockfile.test.ts checks.
import fs from 'node:fs'

const LOCK = new URL('../package-lock.json', import.meta.url)

/** The lock entries that are missing, as [path, entry]. */
export function missingPlatformEntries(lock) {
  const packages = lock.packages
  const missing = []
  for (const [path, entry] of Object.entries(packages)) {
    for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
      const target = `node_modules/${name}`
      if (packages[target] || packages[`${path}/${target}`]) continue
      const platform = platformOf(name)
      if (!platform) continue
      missing.push([target, { version, ...(entry.dev ? { dev: true } : {}), optional: true, ...platform }])
    }
  }
  return missing
}

function platformOf(name) {
  const os = ['android', 'darwin', 'linux', 'win32', 'freebsd'].find((o) => name.includes(`-${o}-`))
  const cpu = ['arm64', 'x64', 'ia32', 'arm'].find((c) => new RegExp(`-${c}(-|$)`).test(name))
  if (!os || !cpu) return undefined
  return { os: [os], cpu: [cpu], ...(name.endsWith('-musl') ? { libc: ['musl'] } : {}) }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const lock = JSON.parse(fs.readFileSync(LOCK, 'utf8'))
  const missing = missingPlatformEntries(lock)
  for (const [path, entry] of missing) lock.packages[path] = entry
  lock.packages = Object.fromEntries(
    Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
  )
  fs.writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`)
  console.log(
    missing.length ? `Added ${missing.map(([p]) => p).join(', ')}` : 'package-lock.json is complete',
  )
}
