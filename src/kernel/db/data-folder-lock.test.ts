import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DataFolderLockedError, lockDataFolder } from './data-folder-lock.ts'

const dirs: string[] = []
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-lock-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

/** A pid that is certainly not running: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.exit(0)'])
  return child.pid ?? 999_999
}

describe('the data folder lock', () => {
  it('is taken, refused to a second holder while held, and free again once released', () => {
    const dir = tempDir()
    const lock = lockDataFolder(dir, 'first')
    const holder = JSON.parse(fs.readFileSync(path.join(dir, 'ascend.lock'), 'utf8'))
    expect(holder.pid).toBe(process.pid)
    lock.release()
    expect(fs.existsSync(path.join(dir, 'ascend.lock'))).toBe(false)
    lockDataFolder(dir, 'second').release()
  })

  it('names the live process that holds it', () => {
    const dir = tempDir()
    // The parent of this test process is alive and is not us.
    fs.writeFileSync(
      path.join(dir, 'ascend.lock'),
      JSON.stringify({ pid: process.ppid, command: 'ascend serve', since: '2026-06-15T09:00:00Z' }),
    )
    expect(() => lockDataFolder(dir, 'ascend seed')).toThrow(DataFolderLockedError)
    expect(() => lockDataFolder(dir, 'ascend seed')).toThrow(
      new RegExp(`in use by another ASCEND process \\(pid ${process.ppid}, "ascend serve"`),
    )
  })

  it.each([
    ['a dead process', () => JSON.stringify({ pid: deadPid(), command: 'ascend serve', since: 'x' })],
    ['an unreadable file', () => 'not json'],
  ])('takes over a stale lock left by %s', (_label, content) => {
    const dir = tempDir()
    fs.writeFileSync(path.join(dir, 'ascend.lock'), content())
    const lock = lockDataFolder(dir, 'after a crash')
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'ascend.lock'), 'utf8')).pid).toBe(process.pid)
    lock.release()
  })
})
