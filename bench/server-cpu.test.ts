import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { processCpuMs } from './server-cpu.ts'

describe('a process’s CPU time from /proc', () => {
  it.runIf(process.platform === 'linux')('grows while the process works', () => {
    const before = processCpuMs(process.pid)
    expect(before).toBeGreaterThanOrEqual(0)
    const until = performance.now() + 300
    let spin = 0
    while (performance.now() < until) spin += 1
    const after = processCpuMs(process.pid) as number
    expect(spin).toBeGreaterThan(0)
    // 300 ms of work, counted in 10 ms ticks.
    expect(after - (before as number)).toBeGreaterThanOrEqual(200)
  })

  it.runIf(process.platform === 'linux')('is undefined for a process that has ended', () => {
    const ended = spawnSync(process.execPath, ['-e', '0']).pid as number
    expect(processCpuMs(ended)).toBeUndefined()
  })
})
