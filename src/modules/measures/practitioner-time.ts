/**
 * DIRECT-TIME-SHARE, a local measure: how much of the practitioner time
 * recorded in ASCEND was spent in direct contact with people.
 */
import { type Figures, type MeasureDefinition, type MeasureFamily, share } from './definition.ts'
import { inScope, PERIOD_END, PERIOD_START, type Scope } from './sql.ts'

function query(scope: Scope): string {
  return `
SELECT t.council_id, sum(t.direct_minutes) AS direct_minutes,
  sum(t.direct_minutes + t.travel_minutes + t.recording_minutes) AS all_minutes
FROM time_entries t
WHERE ${inScope(scope, 't')} AND t.recorded_on BETWEEN ${PERIOD_START} AND ${PERIOD_END}
GROUP BY t.council_id`
}

interface Row {
  council_id: string
  direct_minutes: number
  all_minutes: number
}

export const practitionerTimeFamily: MeasureFamily<Row> = {
  key: 'practitioner-time',
  query,
  figures(row): Record<string, Figures> {
    return { 'DIRECT-TIME-SHARE': share(row?.direct_minutes, row?.all_minutes) }
  },
}

export const directTimeShare: MeasureDefinition = {
  code: 'DIRECT-TIME-SHARE',
  title: 'Practitioner time spent in direct contact with people',
  unit: 'percent',
  kind: 'local',
  family: 'practitioner-time',
  summary:
    'Of all the practitioner minutes recorded in the period, the share spent in direct contact with the person or their carer.',
  numeratorText: 'Minutes of direct contact recorded in the period',
  denominatorText: 'All minutes recorded in the period: direct contact, travel and recording',
  definition: [
    'Practitioners record their time on assessments and other work in ASCEND, split into direct contact, travel and recording. This measure divides the direct minutes by all the minutes recorded on days in the period.',
    'It counts only time recorded in ASCEND; a council that loads CLD files from another system has no time recorded here.',
  ],
}
