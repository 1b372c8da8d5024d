import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { processCpuMs } from './server-cpu.ts'

describe('a process’s CPU time from /proc', () => {
  it.runIf(process.platform === 'linux')('grows while the process works', () => {
    const before = processCpuMs(process.pid) as number
    expect(before).toBeGreaterThanOrEqual(0)
    // Work until 200 ms of CPU time is counted (in 10 ms ticks), or give up after 20 s: on a busy
    // machine 300 ms of spinning got only 170 ms of CPU, so the work is measured in CPU, not in time.
    const giveUp = performance.now() + 20_000
    let grown = 0
    let spins = 0
    while (grown < 200 && performance.now() < giveUp) {
      for (let i = 0; i < 100_000; i++) spins += 1
      grown = (processCpuMs(process.pid) as number) - before
    }
    expect(spins).toBeGreaterThan(0)
    expect(grown).toBeGreaterThanOrEqual(200)
  })

  it.runIf(process.platform === 'linux')('is undefined for a process that has ended', () => {
    const ended = spawnSync(process.execPath, ['-e', '0']).pid as number
    expect(processCpuMs(ended)).toBeUndefined()
  })
})
