import { describe, expect, it } from 'vitest'
import { type CandidateEvent, type IncomingEvent, planBatch } from './resolve-events.ts'

const row = (line: number, overrides: Partial<IncomingEvent> = {}): IncomingEvent => ({
  line,
  key: 'K',
  content: 'C',
  extra: '',
  event_end_on: '2025-06-01',
  event_outcome: 'NFA: Other',
  ...overrides,
})
const held = (id: string, overrides: Partial<CandidateEvent> = {}): CandidateEvent => ({
  id,
  key: 'K',
  content: 'C',
  extra: '',
  event_end_on: '2025-06-01',
  event_outcome: 'NFA: Other',
  imported: true,
  lineInThisImport: null,
  supersededByThisImport: false,
  ...overrides,
})

describe('planning a batch of imported events', () => {
  it('inserts events that are new', () => {
    expect(planBatch([row(2), row(3, { key: 'L' })], [])).toMatchObject({
      insert: [2, 3],
      adopt: [],
      supersede: [],
      duplicates: [],
    })
  })

  it('keeps an earlier file’s identical event as it is (re-importing changes nothing)', () => {
    expect(planBatch([row(2)], [held('e1')])).toMatchObject({
      insert: [],
      adopt: [{ id: 'e1', line: 2 }],
      supersede: [],
    })
  })

  it('replaces an earlier file’s event with the same key but other content', () => {
    expect(planBatch([row(2, { content: 'changed' })], [held('e1')])).toMatchObject({
      insert: [2],
      adopt: [],
      supersede: ['e1'],
    })
  })

  it('never replaces an event ASCEND recorded, but leaves an identical one alone', () => {
    expect(planBatch([row(2, { content: 'changed' })], [held('a1', { imported: false })])).toMatchObject({
      insert: [2],
      supersede: [],
    })
    expect(planBatch([row(2)], [held('a1', { imported: false })])).toMatchObject({
      insert: [],
      adopt: [{ id: 'a1', line: 2 }],
    })
  })

  it('replaces both rows of an earlier file’s double-up service with the one row of the new file', () => {
    const plan = planBatch(
      [row(2, { extra: 'x', content: 'new' })],
      [held('e1', { extra: 'x' }), held('e2', { extra: 'y', content: 'D' })],
    )
    expect(plan.insert).toEqual([2])
    expect(plan.supersede.sort()).toEqual(['e1', 'e2'])
  })

  it('keeps both services of a double-up when the new file repeats them, even in separate batches', () => {
    const first = planBatch(
      [row(2, { extra: 'x' })],
      [held('e1', { extra: 'x' }), held('e2', { extra: 'y', content: 'D' })],
    )
    expect(first).toMatchObject({ adopt: [{ id: 'e1', line: 2 }], supersede: ['e2'] })
    // The next batch sees e1 as this import's and e2 as replaced by it.
    const second = planBatch(
      [row(9, { extra: 'y', content: 'D' })],
      [
        held('e1', { extra: 'x', lineInThisImport: 2 }),
        held('e2', { extra: 'y', content: 'D', supersededByThisImport: true }),
      ],
    )
    expect(second).toMatchObject({ insert: [], adopt: [{ id: 'e2', line: 9 }], supersede: [], restored: 1 })
  })

  it('keeps one copy of an event repeated within the batch: the better one', () => {
    const plan = planBatch(
      [row(2, { event_outcome: 'NFA: Other' }), row(3, { event_outcome: 'Progress to reablement/ST-Max' })],
      [],
    )
    expect(plan).toMatchObject({ insert: [3], duplicates: [{ line: 2, keptLine: 3 }] })
  })

  it('keeps the later line of two identical copies', () => {
    expect(planBatch([row(2), row(3)], [])).toMatchObject({
      insert: [3],
      duplicates: [{ line: 2, keptLine: 3 }],
    })
  })

  it('drops a later copy that is worse than one an earlier batch loaded', () => {
    const plan = planBatch(
      [row(9, { event_outcome: 'NFA: Other' })],
      [held('e1', { lineInThisImport: 4, event_outcome: 'Admitted to hospital' })],
    )
    expect(plan).toMatchObject({ insert: [], duplicates: [{ line: 9, keptLine: 4 }], droppedEarlier: [] })
  })

  it('replaces a copy an earlier batch loaded when a later line is better', () => {
    const plan = planBatch([row(9, { event_end_on: null })], [held('e1', { lineInThisImport: 4 })])
    expect(plan).toMatchObject({
      insert: [9],
      supersede: ['e1'],
      droppedEarlier: [{ id: 'e1', line: 4, keptLine: 9 }],
    })
  })

  it('never drops ASCEND’s own record for a later copy in the file', () => {
    const plan = planBatch(
      [row(9, { event_end_on: null })],
      [held('a1', { imported: false, lineInThisImport: 4 })],
    )
    expect(plan).toMatchObject({ insert: [], supersede: [], duplicates: [{ line: 9, keptLine: 4 }] })
  })

  it('leaves alone events with other keys, and events already replaced by a complete import are not offered', () => {
    expect(planBatch([row(2)], [held('e1', { key: 'other' })])).toMatchObject({ insert: [2], supersede: [] })
  })
})
