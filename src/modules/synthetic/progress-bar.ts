/**
 * Progress of a long CLI job on stderr: a bar redrawn in place on a
 * terminal, one line per finished stage otherwise (logs, CI), so that
 * neither fills a log with thousands of lines.
 */

export interface ProgressBar {
  /** Shows how far a stage has got. */
  update(stage: string, done: number, total: number): void
  /** Ends the bar's line. */
  finish(): void
}

const WIDTH = 30
const STAGE_WIDTH = 14

/**
 * Makes a progress bar for a stream (standard error unless told).
 *
 * @example
 * const bar = progressBar()
 * bar.update('people', 20_000, 40_000) // people          [###############...............]  20,000 / 40,000
 * bar.finish()
 */
export function progressBar(
  stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr,
): ProgressBar {
  const count = new Intl.NumberFormat('en-GB')
  const interactive = stream.isTTY === true
  let current: string | undefined
  let lastDrawn = ''
  const line = (stage: string, done: number, total: number) => {
    const filled = total === 0 ? WIDTH : Math.round((done / total) * WIDTH)
    const bar = `${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}`
    return `${stage.padEnd(STAGE_WIDTH)} [${bar}] ${count.format(done).padStart(9)} / ${count.format(total)}`
  }
  return {
    update(stage, done, total) {
      if (interactive) {
        if (current !== undefined && stage !== current) stream.write('\n')
        current = stage
        const text = line(stage, done, total)
        if (text !== lastDrawn) stream.write(`\r${text}\x1b[K`)
        lastDrawn = text
        return
      }
      if (done === total && stage !== current) {
        current = stage
        stream.write(`${stage}: ${count.format(total)} done\n`)
      }
    },
    finish() {
      if (interactive && current !== undefined) stream.write('\n')
      current = undefined
      lastDrawn = ''
    },
  }
}
