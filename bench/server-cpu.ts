import fs from 'node:fs'

/** Linux's USER_HZ, the unit of /proc's CPU times: 100 on every architecture Linux runs on today. */
const TICKS_PER_SECOND = 100

/**
 * The CPU time a process has used so far (user and system, all its threads),
 * in milliseconds, from Linux's /proc; undefined where there is no /proc or
 * no such process. Sampled around a load, it gives the server's CPU a
 * request: unlike requests a second, it does not fall when something else on
 * the machine takes a core.
 *
 * @example
 * const before = processCpuMs(server.pid)
 * // … load the server …
 * const used = (processCpuMs(server.pid) ?? 0) - (before ?? 0)
 */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name, in parentheses, may hold spaces: the fields are counted after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const user = Number(fields[11])
    const system = Number(fields[12])
    if (!Number.isFinite(user) || !Number.isFinite(system)) return undefined
    return ((user + system) * 1000) / TICKS_PER_SECOND
  } catch {
    return undefined
  }
}
