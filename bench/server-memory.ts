import fs from 'node:fs'

/**
 * A process's resident memory now and at its peak, in MiB, from Linux's
 * /proc; undefined where there is no /proc.
 *
 * @example
 * const memory = peakMemoryMiB(server.pid) // { rss: 512, peak: 640 }
 */
export function peakMemoryMiB(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    const kib = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1])
    const rss = kib('VmRSS')
    const peak = kib('VmHWM')
    if (!Number.isFinite(rss) || !Number.isFinite(peak)) return undefined
    return { rss: Math.round(rss / 1024), peak: Math.round(peak / 1024) }
  } catch {
    return undefined
  }
}
