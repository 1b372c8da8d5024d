import { describe, expect, it } from 'vitest'
import { BatchBuilder, unpackEvent } from './checked-batches.ts'
import type { CldPersonDetails, CldRowResult } from './validator.ts'

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes)

const person = (id: string, postcode: string) =>
  ({ la_person_id: id, postcode }) as unknown as CldPersonDetails
const row = (
  line: number,
  id: string,
  start: string | null,
  postcode = 'LS1 4AP',
  problems = 0,
): CldRowResult => ({
  line,
  usable: true,
  person: person(id, postcode),
  event: start
    ? ({
        la_person_id: id,
        event_type: 'Request',
        client_type: 'Service user',
        event_start_on: start,
        event_end_on: null,
        event_outcome: null,
      } as never)
    : null,
  reportingPeriodStartOn: '2025-04-01',
  reportingPeriodEndOn: '2026-03-31',
  problems: Array.from({ length: problems }, () => ({
    line,
    field: 'Gender',
    value: 'x',
    problem: 'p',
    action: 'a',
  })),
})
const dropped = (line: number): CldRowResult => ({
  line,
  usable: false,
  problems: [{ line, field: 'Event_Type', value: '', problem: 'Blank', action: 'Row dropped' }],
})

describe('BatchBuilder', () => {
  it('counts rows, keeps each person once with their latest row, and lays events out in file order', () => {
    const builder = new BatchBuilder()
    const rows = [
      row(2, 'P1', '2025-06-01', 'AA1 1AA'),
      row(3, 'P1', '2025-05-01', 'BB1 1BB', 1),
      dropped(4),
      row(5, 'P2', null, 'CC1 1CC'),
      row(6, 'P1', '2025-06-01', 'DD1 1DD'),
    ]
    for (const r of rows) builder.add(r)
    const batch = builder.take(100)
    expect(batch).toMatchObject({
      rowsRead: 5,
      rowsWithProblems: 2,
      rowsDropped: 1,
      personOnlyRows: 1,
      bytesRead: 100,
      problemLines: [3],
      reportingPeriodStartOn: '2025-04-01',
      reportingPeriodEndOn: '2026-03-31',
    })
    expect(batch.problems.map((p) => p.line)).toEqual([3, 4])
    // P1's latest row is line 6 (same start as line 2, later line), not line 3 (an earlier start).
    expect(batch.people.count).toBe(2)
    expect(text(batch.people.columns.la_person_id)).toBe('{"P1","P2"}')
    expect(text(batch.people.columns.postcode)).toBe('{"DD1 1DD","CC1 1CC"}')
    expect(text(batch.people.columns.sort_key)).toBe('{"2025-06-01|0000000006","0000-00-00|0000000005"}')
    expect(batch.events.count).toBe(3)
    expect(text(batch.events.columns.line)).toBe('{"2","3","6"}')
    expect(text(batch.events.columns.person)).toBe('{"1","1","1"}')
    // Lines 2 and 6 are the same event: the later line is kept, and only the events kept are compared.
    expect(batch.duplicates).toEqual([{ line: 2, keptLine: 6 }])
    expect(batch.kept).toMatchObject({ count: 2, lines: [3, 6], persons: [1, 1] })
    expect(unpackEvent(batch.kept, 1)).toMatchObject({ line: 6, event_end_on: null, event_outcome: null })
    expect(unpackEvent(batch.kept, 0).key).toMatch(/^Request\|P1\|Service user\|/)
    // The next batch starts empty.
    expect(builder.take(100)).toMatchObject({ rowsRead: 0, people: { count: 0 }, events: { count: 0 } })
  })

  it('is full at the size asked for in usable rows, or in problems', () => {
    const builder = new BatchBuilder()
    builder.add(row(2, 'P1', '2025-06-01'))
    expect(builder.full(2)).toBe(false)
    builder.add(row(3, 'P2', null))
    expect(builder.full(2)).toBe(true)
    builder.take(0)
    builder.add(dropped(4))
    builder.add(dropped(5))
    expect(builder.full(2)).toBe(true)
  })
})
