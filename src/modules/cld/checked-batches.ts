/**
 * Turns a CLD file's checked rows into batches ready for the database: the
 * usable rows laid out column by column as PostgreSQL array literals (one
 * parameter per column), each batch's people once with the details of their
 * latest row, the batch's second copies of events found (`keepOneCopy`), the
 * keys of the events kept packed for comparing with the database
 * (`planBatch`), and the problems found. Runs in the checking thread
 * (check-worker-thread.ts), so that the thread that writes spends nothing on
 * reading or checking, and little on rows of people new to the database.
 */
import { EVENT_COLUMNS, PERSON_COLUMNS } from './batch-columns.ts'
import { orderedUuid } from './ordered-uuid.ts'
import { ArrayLiteral } from './pg-array.ts'
import { type IncomingEvent, keepOneCopy } from './resolve-events.ts'
import { eventContent, eventKey, singleSubmissionExtra } from './rules.ts'
import type { CldPersonDetails, CldProblem, CldRowResult } from './validator.ts'

/**
 * The events a batch keeps (its second copies left out), as `planBatch`
 * compares them with the database's: only those of people already held need
 * comparing, so each event's key, content, extra, end and outcome are packed
 * one after another into one string (`unpackEvent` reads one back), which
 * costs the writing thread nothing to receive.
 */
export interface PackedEvents {
  count: number
  /** Each event's line and person (1-based, in the order of the batch's people). */
  lines: number[]
  persons: number[]
  /**
   * Each event's start: a held event can be the same event only if it has the
   * same person and start (both are in the key), so only those are fetched.
   */
  starts: string[]
  text: string
  /** Where each event's five fields start in `text`, and where the last ends. */
  offsets: number[]
}

const PACKED_FIELDS = 5

/**
 * One kept event of a batch, as `planBatch` compares it.
 *
 * @example
 * const row = unpackEvent(batch.kept, 0) // { line, key, content, extra, event_end_on, event_outcome }
 */
export function unpackEvent(packed: PackedEvents, index: number): IncomingEvent {
  const at = index * PACKED_FIELDS
  const field = (i: number) => packed.text.slice(packed.offsets[at + i], packed.offsets[at + i + 1])
  const end = field(3)
  const outcome = field(4)
  return {
    line: packed.lines[index] as number,
    key: field(0),
    content: field(1),
    extra: field(2),
    // Neither is ever '' when present: a date, or a code value.
    event_end_on: end === '' ? null : end,
    event_outcome: outcome === '' ? null : outcome,
  }
}

/** A batch of checked rows, as the checking thread hands it to the writing one. */
export interface CheckedBatch {
  /** Rows read (usable or not) and of those, rows with a problem and rows dropped as unusable. */
  rowsRead: number
  rowsWithProblems: number
  rowsDropped: number
  /** Usable rows that bring a person but no event (an unpaid carer known by association). */
  personOnlyRows: number
  /** The span of reporting periods the batch's usable rows state. */
  reportingPeriodStartOn: string | null
  reportingPeriodEndOn: string | null
  /** Bytes of the file read by the end of the batch. */
  bytesRead: number
  /** The header's problems (first batch only), then the rows', in line order. */
  problems: CldProblem[]
  /** Lines of the batch's usable rows that already have a problem. */
  problemLines: number[]
  /**
   * The batch's people, once each, with their latest row's details: array
   * literals (as UTF-8 bytes) for `la_person_id`, `id` (used if the person is
   * new), `sort_key` and each of PERSON_COLUMNS.
   */
  people: { count: number; columns: Record<string, Uint8Array> }
  /**
   * The batch's event rows: array literals (as UTF-8 bytes) for `id`, `line`,
   * `person` (1-based, in the order of `people`) and each of EVENT_COLUMNS.
   */
  events: { count: number; columns: Record<string, Uint8Array> }
  /** Second copies within the batch: the line dropped and the line kept. */
  duplicates: { line: number; keptLine: number }[]
  /** The events kept, for comparing with those already held. */
  kept: PackedEvents
}

type UsableRow = Extract<CldRowResult, { usable: true }>

/** The sort key's start for a person-only row: before any event. */
const NO_EVENT = '0000-00-00'

interface HeldPerson {
  person: CldPersonDetails
  startOn: string
  line: number
  /** 1-based, in the order people are laid out. */
  ordinal: number
}

/** How a person's latest row is found across batches: the event's start, then the line. */
const sortKey = (held: HeldPerson) => `${held.startOn}|${String(held.line).padStart(10, '0')}`

/**
 * Builds batches from checked rows: `add` each row in file order, and `take`
 * the batch when `full` says so (or at the end).
 *
 * @example
 * const builder = new BatchBuilder()
 * for (const row of rows) { builder.add(row); if (builder.full(5_000)) post(builder.take(bytes)) }
 */
export class BatchBuilder {
  private rowsRead = 0
  private rowsWithProblems = 0
  private rowsDropped = 0
  private personOnlyRows = 0
  private periodStart: string | null = null
  private periodEnd: string | null = null
  private problems: CldProblem[] = []
  private problemLines: number[] = []
  // Each person's latest row so far: their details, its event's start and its line.
  private people = new Map<string, HeldPerson>()
  // Event rows go into their columns as they come, so that the row objects
  // die young (a batch's worth of them, kept to its end, costs more in
  // garbage collection than building the columns does).
  private events = new EventColumns()

  /** Adds the header's problems (they go with the first batch). */
  addHeaderProblems(problems: readonly CldProblem[]): void {
    for (const problem of problems) this.problems.push(problem)
  }

  add(row: CldRowResult): void {
    this.rowsRead += 1
    if (row.problems.length > 0) {
      for (const problem of row.problems) this.problems.push(problem)
      this.rowsWithProblems += 1
    }
    if (!row.usable) {
      this.rowsDropped += 1
      return
    }
    if (row.problems.length > 0) this.problemLines.push(row.line)
    const start = row.reportingPeriodStartOn
    const end = row.reportingPeriodEndOn
    if (start && (this.periodStart === null || start < this.periodStart)) this.periodStart = start
    if (end && (this.periodEnd === null || end > this.periodEnd)) this.periodEnd = end
    // The latest row's details win: the latest event start, then the later line.
    const startOn = row.event?.event_start_on ?? NO_EVENT
    let held = this.people.get(row.person.la_person_id)
    if (!held) {
      held = { person: row.person, startOn, line: row.line, ordinal: this.people.size + 1 }
      this.people.set(row.person.la_person_id, held)
    } else if (startOn > held.startOn || (startOn === held.startOn && row.line > held.line)) {
      held.person = row.person
      held.startOn = startOn
      held.line = row.line
    }
    if (row.event) this.events.add(row, held.ordinal)
    else this.personOnlyRows += 1
  }

  /** Whether the batch has `size` usable rows, or `size` problems to report. */
  full(size: number): boolean {
    return this.events.count + this.personOnlyRows >= size || this.problems.length >= size
  }

  /** Hands over the batch built so far and starts the next. */
  take(bytesRead: number): CheckedBatch {
    const people = layOutPeople([...this.people.values()])
    const { columns: events, count, duplicates, kept } = this.events.take()
    const batch: CheckedBatch = {
      rowsRead: this.rowsRead,
      rowsWithProblems: this.rowsWithProblems,
      rowsDropped: this.rowsDropped,
      personOnlyRows: this.personOnlyRows,
      reportingPeriodStartOn: this.periodStart,
      reportingPeriodEndOn: this.periodEnd,
      bytesRead,
      problems: this.problems,
      problemLines: this.problemLines,
      people: { count: this.people.size, columns: people },
      events: { count, columns: events },
      duplicates,
      kept,
    }
    this.rowsRead = 0
    this.rowsWithProblems = 0
    this.rowsDropped = 0
    this.personOnlyRows = 0
    this.periodStart = null
    this.periodEnd = null
    this.problems = []
    this.problemLines = []
    this.people = new Map()
    return batch
  }
}

function layOutPeople(people: readonly HeldPerson[]): Record<string, Uint8Array> {
  const laPersonId = new ArrayLiteral()
  const id = new ArrayLiteral()
  const sortKeys = new ArrayLiteral()
  const columns = PERSON_COLUMNS.map(() => new ArrayLiteral())
  for (const held of people) {
    const details = held.person as unknown as Record<string, string | number | null>
    laPersonId.pushUnique(held.person.la_person_id)
    id.pushUnique(orderedUuid())
    sortKeys.pushUnique(sortKey(held))
    for (let i = 0; i < PERSON_COLUMNS.length; i++) {
      ;(columns[i] as ArrayLiteral).push(details[(PERSON_COLUMNS[i] as readonly [string, string])[0]])
    }
  }
  const out: Record<string, Uint8Array> = {
    la_person_id: laPersonId.toBytes(),
    id: id.toBytes(),
    sort_key: sortKeys.toBytes(),
  }
  PERSON_COLUMNS.forEach(([name], i) => {
    out[name] = (columns[i] as ArrayLiteral).toBytes()
  })
  return out
}

/** A batch's event rows, column by column, with their keys. */
class EventColumns {
  private id = new ArrayLiteral()
  private line = new ArrayLiteral()
  private person = new ArrayLiteral()
  private columns = EVENT_COLUMNS.map(() => new ArrayLiteral())
  private keys: (IncomingEvent & { person: number; start: string })[] = []

  get count(): number {
    return this.keys.length
  }

  add(row: UsableRow, person: number): void {
    const event = row.event as NonNullable<UsableRow['event']>
    const values = event as unknown as Record<string, string | number | null>
    this.id.pushUnique(orderedUuid())
    this.line.pushUnique(row.line)
    this.person.push(person)
    for (let i = 0; i < EVENT_COLUMNS.length; i++) {
      ;(this.columns[i] as ArrayLiteral).push(values[(EVENT_COLUMNS[i] as readonly [string, string])[0]])
    }
    // Within one council a person is their LA identifier: the key uses it, as
    // the candidates from the database do, so no person's id is needed here.
    this.keys.push({
      line: row.line,
      person,
      start: event.event_start_on,
      key: eventKey(event, event.la_person_id),
      content: eventContent(event),
      extra: singleSubmissionExtra(event),
      event_end_on: event.event_end_on,
      event_outcome: event.event_outcome,
    })
  }

  take(): {
    columns: Record<string, Uint8Array>
    count: number
    duplicates: { line: number; keptLine: number }[]
    kept: PackedEvents
  } {
    const out: Record<string, Uint8Array> = {
      id: this.id.toBytes(),
      line: this.line.toBytes(),
      person: this.person.toBytes(),
    }
    EVENT_COLUMNS.forEach(([name], i) => {
      out[name] = (this.columns[i] as ArrayLiteral).toBytes()
    })
    const count = this.keys.length
    const { kept, duplicates } = keepOneCopy(this.keys)
    this.id = new ArrayLiteral()
    this.line = new ArrayLiteral()
    this.person = new ArrayLiteral()
    this.columns = EVENT_COLUMNS.map(() => new ArrayLiteral())
    this.keys = []
    return { columns: out, count, duplicates, kept: pack(kept) }
  }
}

function pack(events: readonly (IncomingEvent & { person: number; start: string })[]): PackedEvents {
  const parts: string[] = []
  const offsets: number[] = [0]
  let at = 0
  const put = (text: string) => {
    parts.push(text)
    at += text.length
    offsets.push(at)
  }
  for (const event of events) {
    put(event.key)
    put(event.content)
    put(event.extra)
    put(event.event_end_on ?? '')
    put(event.event_outcome ?? '')
  }
  return {
    count: events.length,
    lines: events.map((event) => event.line),
    persons: events.map((event) => event.person),
    starts: events.map((event) => event.start),
    text: parts.join(''),
    offsets,
  }
}
