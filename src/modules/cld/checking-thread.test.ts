import fs from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { startChecking } from './checking-thread.ts'

const FILE = fileURLToPath(new URL('../../../test/fixtures/cld/release-2.csv', import.meta.url))

/** The nice values of this process's threads, from Linux's own account of each. */
function threadNiceness(): number[] {
  return fs.readdirSync('/proc/self/task').flatMap((task) => {
    try {
      const stat = fs.readFileSync(`/proc/self/task/${task}/stat`, 'utf8')
      // Fields after the command's closing bracket: state is the 3rd field of the whole, nice the 19th.
      return [Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])]
    } catch {
      return [] // a thread that ended while the list was read
    }
  })
}

const lowPriorityThreads = () => threadNiceness().filter((nice) => nice > 0).length

describe.runIf(process.platform === 'linux')('the checking thread’s priority', () => {
  it.each([
    {
      given: { lowPriority: true },
      added: 1,
      reads: 'runs at a low priority when asked (the service’s imports)',
    },
    { given: {}, added: 0, reads: 'keeps the process’s priority otherwise (the command line’s)' },
  ])('$reads', async ({ given, added }) => {
    const before = lowPriorityThreads()
    const checking = startChecking(FILE, 'TESTA', given)
    try {
      // The first batch is built after the thread has set its priority.
      expect(await checking.next(10)).not.toBeNull()
      expect(lowPriorityThreads()).toBe(before + added)
      // The calling thread, which answers pages in the service, is left as it was (Linux reads a thread's own).
      expect(os.getPriority()).toBe(0)
    } finally {
      await checking.close()
    }
  })
})
