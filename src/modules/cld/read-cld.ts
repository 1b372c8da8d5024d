import type { Readable } from 'node:stream'
import { readCsv } from './parser.ts'
import {
  CldHeaderError,
  type CldProblem,
  type CldRowResult,
  createRowValidator,
  readHeader,
} from './validator.ts'

export interface CldReader {
  /** The header's problems (line 1) first, then every row checked, a chunk at a time. */
  chunks: AsyncIterable<{ headerProblems: CldProblem[]; rows: CldRowResult[] }>
  /** Bytes read so far, for progress. */
  bytesRead(): number
}

/**
 * Reads a CLD file: the CSV records, the header checked (CldHeaderError when
 * it is not a CLD header, or the file is empty), and every row checked by the
 * field rules. A record that is not valid CSV is a dropped row. The importer
 * and the export's check both read files this way.
 *
 * @example
 * for await (const { rows } of readCld(fs.createReadStream(file), 'E10000008').chunks) …
 */
export function readCld(source: Readable, councilCode: string): CldReader {
  const csv = readCsv(source)
  async function* chunks() {
    let validate: ReturnType<typeof createRowValidator> | undefined
    for await (const chunk of csv.chunks) {
      let headerProblems: CldProblem[] = []
      const rows: CldRowResult[] = []
      for (const item of chunk) {
        if (!validate) {
          if (item.kind === 'broken')
            throw new CldHeaderError(`Line 1 is not a CLD header: ${item.message.toLowerCase()}.`)
          const header = readHeader(item.cells)
          headerProblems = header.problems
          validate = createRowValidator(header, councilCode)
          continue
        }
        rows.push(
          item.kind === 'broken'
            ? {
                line: item.line,
                usable: false,
                problems: [
                  {
                    line: item.line,
                    field: '(row)',
                    value: '',
                    problem: item.message,
                    action: 'Row dropped',
                  },
                ],
              }
            : validate(item.cells, item.line),
        )
      }
      yield { headerProblems, rows }
    }
    if (!validate)
      throw new CldHeaderError('The file is empty: it should start with a line of CLD column names.')
  }
  return { chunks: chunks(), bytesRead: csv.bytesRead }
}
