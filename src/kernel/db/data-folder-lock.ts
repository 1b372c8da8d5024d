import fs from 'node:fs'
import path from 'node:path'

/**
 * PGlite takes no lock on its folder: two processes can open the same folder
 * and one of them silently loses its writes. This lock makes that impossible:
 * the holder writes its pid into `ascend.lock`, created exclusively; a lock whose
 * process is gone (a crash, a SIGKILL) is stale and taken over.
 */
export class DataFolderLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The data folder ${dataDir} is in use by another ASCEND process (pid ${holder.pid}, ` +
        `"${holder.command}", since ${holder.since}). The embedded database can only be opened by one ` +
        'process at a time: stop that process first, or point DATABASE_URL at a PostgreSQL server ' +
        'to run several processes at once.',
    )
    this.name = 'DataFolderLockedError'
  }
}

export interface LockHolder {
  pid: number
  command: string
  since: string
}

export interface DataFolderLock {
  release(): void
}

/**
 * Takes the exclusive lock on a data folder, creating the folder if needed.
 *
 * @example
 * const lock = lockDataFolder('./data', 'ascend serve') // throws DataFolderLockedError if held
 * try { ... } finally { lock.release() }
 */
export function lockDataFolder(dataDir: string, command: string): DataFolderLock {
  fs.mkdirSync(dataDir, { recursive: true })
  const lockPath = path.join(dataDir, 'ascend.lock')
  const me: LockHolder = { pid: process.pid, command, since: new Date().toISOString() }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify(me), { flag: 'wx' })
      return releaser(lockPath)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const holder = readHolder(lockPath)
    if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
      throw new DataFolderLockedError(dataDir, holder)
    }
    // Stale (its process died) or unreadable: remove it and try again. Renaming
    // first means only one of two racing processes gets to remove it.
    const stale = `${lockPath}.stale-${process.pid}`
    try {
      fs.renameSync(lockPath, stale)
      fs.rmSync(stale, { force: true })
    } catch {
      // Another process took it over first; the next attempt will see its lock.
    }
  }
  const holder = readHolder(lockPath) ?? { pid: 0, command: 'unknown', since: 'unknown' }
  throw new DataFolderLockedError(dataDir, holder)
}

function releaser(lockPath: string): DataFolderLock {
  let released = false
  const release = () => {
    if (released) return
    released = true
    const holder = readHolder(lockPath)
    if (holder?.pid === process.pid) fs.rmSync(lockPath, { force: true })
    process.off('exit', release)
  }
  process.on('exit', release)
  return { release }
}

function readHolder(lockPath: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as Partial<LockHolder>
    if (typeof parsed.pid !== 'number') return undefined
    return {
      pid: parsed.pid,
      command: String(parsed.command ?? 'unknown'),
      since: String(parsed.since ?? ''),
    }
  } catch {
    return undefined
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
