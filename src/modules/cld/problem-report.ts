/**
 * The problem report's CSV, as imports and returns write it: a line a
 * problem, under the header `line,field,value,problem,action` (line 1).
 */
import { csvLine } from './csv-line.ts'
import type { CldProblem } from './validator.ts'

export const PROBLEM_REPORT_HEADER = csvLine(['line', 'field', 'value', 'problem', 'action'])

/**
 * @example
 * problemReportLine({ line: 6, field: 'Event_End_Date', value: '2025-11-02', problem: 'Before the event start date', action: 'Row dropped' })
 * // '6,Event_End_Date,2025-11-02,Before the event start date,Row dropped\n'
 */
export function problemReportLine(p: CldProblem): string {
  return csvLine([p.line, p.field, p.value, p.problem, p.action])
}
