/**
 * The long-term support pass: one query that reads everyone's long-term
 * services (and reviews) once, one row a person, for every measure about the
 * people in long-term support: ASCOF 2E and 3D, spend, home care and reviews.
 * Each measure's file says what it takes from a person's events and what it
 * counts of the people (its `LongTermPart`); this file only puts the parts
 * together. Reading the events once instead of once a measure, and looking
 * each person up once, is most of the time these measures take on a large
 * database.
 */
import { ascof2ePart, deducedAccommodationSql } from './ascof-2e.ts'
import { ascof3dPart } from './ascof-3d.ts'
import type { Figures, LongTermPart, MeasureFamily } from './definition.ts'
import { homeCarePart } from './home-care.ts'
import { addedUp } from './person-slices.ts'
import { reviewsPart } from './reviews.ts'
import { spendPart } from './spend.ts'
import {
  derivedEndSql,
  eventsFrom,
  inSlice,
  longTermServiceSql,
  PERIOD_END,
  PERIOD_START,
  personAgeSql,
  recordedEndNotBefore,
  type Scope,
} from './sql.ts'

const PARTS: readonly LongTermPart<never>[] = [
  ascof2ePart,
  ascof3dPart,
  spendPart,
  homeCarePart,
  reviewsPart,
] as LongTermPart<never>[]

/** A part's column in the row per council: its key, two underscores, the column's own name. */
const SEPARATOR = '__'

/** `expression AS name` → `expression AS key__name`. */
function prefixed(key: string, column: string): string {
  const at = column.lastIndexOf(' AS ')
  return `${column.slice(0, at)} AS ${key}${SEPARATOR}${column.slice(at + 4)}`
}

function query(scope: Scope): string {
  const end = derivedEndSql('e', 'p')
  return `
WITH per_person AS (
  -- Each person's long-term services that began by the period end, and their reviews that ended in it,
  -- beside what the measures need of the person. (Joined per event, not after grouping, PostgreSQL
  -- looks people up in its parallel workers rather than one at a time after gathering their rows.)
  SELECT e.council_id, e.person_id, b.date_of_birth, b.date_of_death, b.accommodation_status,
    ${PARTS.flatMap((part) => part.perPerson(end)).join(',\n    ')}
  FROM ${eventsFrom(scope, 'e', 'p', `JOIN people b ON b.id = e.person_id${inSlice(scope, 'b.id')}`)}
    AND ((${longTermServiceSql('e')} AND e.event_start_on <= ${PERIOD_END}
        -- Every part reads only services not ended before the period: those that had are left out here.
        AND ${recordedEndNotBefore('e', PERIOD_START)})
      OR (e.event_type = 'Review' AND e.event_end_on BETWEEN ${PERIOD_START} AND ${PERIOD_END}))
  GROUP BY e.council_id, e.person_id, b.date_of_birth, b.date_of_death, b.accommodation_status
),
supported AS (
  SELECT l.*, CASE WHEN l.date_of_birth IS NULL THEN NULL ELSE ${personAgeSql('l', PERIOD_END)} END AS age_at_end
  FROM per_person l
),
${deducedAccommodationSql(scope, 'supported')},
measured AS (
  SELECT s.*,
    ${PARTS.flatMap((part) => part.withPerson ?? []).join(',\n    ')}
  FROM supported s LEFT JOIN deduced d ON d.person_id = s.person_id
  -- OFFSET 0 keeps this a query of its own, so each person's columns above are worked out once: merged
  -- into the query below, PostgreSQL worked them out again in every count that names them (a quarter
  -- of this query's time on a nation's people). DuckDB gives the same figures either way.
  OFFSET 0
)
SELECT council_id,
  ${PARTS.flatMap((part) => part.perCouncil.map((column) => prefixed(part.key, column))).join(',\n  ')}
FROM measured GROUP BY council_id`
}

/** A part's columns of the row per council, under their own names. */
function columnsOf(row: Record<string, unknown> | undefined, key: string) {
  if (!row) return undefined
  const start = `${key}${SEPARATOR}`
  return Object.fromEntries(
    Object.entries(row)
      .filter(([column]) => column.startsWith(start) || column === 'council_id')
      .map(([column, value]) => [column === 'council_id' ? column : column.slice(start.length), value]),
  )
}

export const longTermSupportFamily: MeasureFamily = {
  key: 'long-term-support',
  bySlices: addedUp,
  query,
  figures(row): Record<string, Figures> {
    return Object.assign(
      {},
      ...PARTS.map((part) => (part as LongTermPart).figures(columnsOf(row, part.key) as never)),
    )
  },
}
