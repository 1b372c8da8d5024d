import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fieldErrorsOf } from '../../../test/support/field-errors.ts'
import { parseInput } from '../../kernel/validation.ts'
import {
  type CaredForFields,
  type CarerLinksOf,
  caredForFields,
  carerAssessmentDueBefore,
  carerLinkSchema,
  endLinkSchema,
} from './rules.ts'

const TODAY = '2026-06-15'
const CARER = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'
const valid = { carerId: CARER, relationship: 'Son or daughter', livesWith: 'no', startedOn: '2024-03-01' }

describe('a carer link as sent', () => {
  it.each([
    ['a form’s yes', { ...valid, livesWith: 'yes' }, { livesWith: true, hoursAWeek: undefined }],
    [
      'JSON’s false and hours',
      { ...valid, livesWith: false, hoursAWeek: 35 },
      { livesWith: false, hoursAWeek: 35 },
    ],
    ['hours typed in a form', { ...valid, hoursAWeek: ' 20 ' }, { hoursAWeek: 20 }],
    ['no hours (blank)', { ...valid, hoursAWeek: '' }, { hoursAWeek: undefined }],
    ['nothing but a week of hours', { ...valid, hoursAWeek: 168 }, { hoursAWeek: 168 }],
    ['a start today', { ...valid, startedOn: TODAY }, { startedOn: TODAY }],
  ])('accepts %s', (_name, body, expected) => {
    const parsed = {
      carerId: CARER,
      relationship: 'Son or daughter',
      livesWith: false,
      startedOn: '2024-03-01',
    }
    expect(parseInput(carerLinkSchema(TODAY), body)).toEqual({ ...parsed, ...expected })
  })

  it.each([
    ['no carer', { ...valid, carerId: '' }, 'carerId', 'Choose who the carer is'],
    ['a carer that is not an id', { ...valid, carerId: 'sam' }, 'carerId', 'Choose who the carer is'],
    [
      'no relationship',
      { ...valid, relationship: undefined },
      'relationship',
      'Choose how the carer is related to the person',
    ],
    [
      'a relationship not on the list',
      { ...valid, relationship: 'Cousin' },
      'relationship',
      'Choose how the carer is related to the person',
    ],
    [
      'living together not said',
      { ...valid, livesWith: 'maybe' },
      'livesWith',
      'Choose whether the carer lives with the person',
    ],
    [
      'hours past a week',
      { ...valid, hoursAWeek: 169 },
      'hoursAWeek',
      'Hours caring a week must be a whole number from 0 to 168',
    ],
    [
      'hours in part',
      { ...valid, hoursAWeek: '12.5' },
      'hoursAWeek',
      'Hours caring a week must be a whole number from 0 to 168',
    ],
    [
      'hours as words',
      { ...valid, hoursAWeek: 'lots' },
      'hoursAWeek',
      'Hours caring a week must be a whole number from 0 to 168',
    ],
    ['no start', { ...valid, startedOn: undefined }, 'startedOn', 'Enter the date the caring started'],
    [
      'a start not on the calendar',
      { ...valid, startedOn: '2024-02-30' },
      'startedOn',
      'Date the caring started must be a real date',
    ],
    [
      'a start tomorrow',
      { ...valid, startedOn: '2026-06-16' },
      'startedOn',
      'Date the caring started must be today or in the past',
    ],
  ])('refuses %s', (_name, body, field, message) => {
    expect(fieldErrorsOf(() => parseInput(carerLinkSchema(TODAY), body))).toEqual([{ field, message }])
  })

  it.each([
    ['the day it started', '2024-03-01', []],
    ['before it started', '2024-02-29', ['Date the caring ended must be on or after the date it started']],
    ['tomorrow', '2026-06-16', ['Date the caring ended must be today or in the past']],
    ['nothing', '', ['Enter the date the caring ended']],
  ])('an end on %s', (_name, endedOn, messages) => {
    expect(
      fieldErrorsOf(() => parseInput(endLinkSchema(TODAY, '2024-03-01'), { endedOn })).map((e) => e.message),
    ).toEqual(messages)
  })
})

const none: CaredForFields = { linked: [null, null, null], count: null, hours: null }
const link = (laPersonId: string, hoursAWeek: number | null = null) => ({ laPersonId, hoursAWeek })

describe('a carer’s CLD fields from their links', () => {
  it.each<[string, CaredForFields, CarerLinksOf, CaredForFields]>([
    [
      'a first link',
      none,
      { current: [link('P1', 20)], ended: [] },
      { linked: ['P1', null, null], count: 1, hours: '20' },
    ],
    [
      'a link beside an adult a file named',
      { linked: ['F1', null, null], count: 1, hours: '10' },
      { current: [link('P1')], ended: [] },
      { linked: ['F1', 'P1', null], count: 2, hours: '10' },
    ],
    [
      'a link to the adult the file named: counted once',
      { linked: ['P1', null, null], count: 1, hours: null },
      { current: [link('P1', 5)], ended: [] },
      { linked: ['P1', null, null], count: 1, hours: '5' },
    ],
    [
      'adults the file counted without naming are kept in the count',
      { linked: ['F1', null, null], count: 3, hours: '50' },
      { current: [link('P1', 8), link('P2', 4)], ended: [] },
      { linked: ['F1', 'P1', 'P2'], count: 5, hours: '12' },
    ],
    [
      'four adults: three named, four counted',
      none,
      { current: [link('P1'), link('P2'), link('P3'), link('P4')], ended: [] },
      { linked: ['P1', 'P2', 'P3'], count: 4, hours: null },
    ],
    [
      'the last link ended: nobody, no hours',
      { linked: ['P1', null, null], count: 1, hours: '20' },
      { current: [], ended: ['P1'] },
      { linked: [null, null, null], count: 0, hours: null },
    ],
    [
      'a link ended, the file’s adult remains with its hours',
      { linked: ['F1', 'P1', null], count: 2, hours: '30' },
      { current: [], ended: ['P1'] },
      { linked: ['F1', null, null], count: 1, hours: '30' },
    ],
    [
      'ended and linked again',
      { linked: [null, null, null], count: 0, hours: null },
      { current: [link('P1', 2)], ended: ['P1'] },
      { linked: ['P1', null, null], count: 1, hours: '2' },
    ],
  ])('%s', (_name, before, links, after) => {
    expect(caredForFields(before, links)).toEqual(after)
  })

  it('names only adults of current links or the file, each once, and counts at least those named', () => {
    const id = fc.constantFrom('P1', 'P2', 'P3', 'P4', 'F1', 'F2')
    fc.assert(
      fc.property(
        fc.tuple(fc.option(id), fc.option(id), fc.option(id)),
        fc.option(fc.nat(6)),
        fc.array(fc.record({ laPersonId: id, hoursAWeek: fc.option(fc.nat(168)) }), { maxLength: 5 }),
        fc.array(id, { maxLength: 4 }),
        (linked, count, current, ended) => {
          const before = { linked, count, hours: null }
          const after = caredForFields(before, { current, ended })
          const named = after.linked.filter((x) => x !== null)
          expect(new Set(named).size).toBe(named.length)
          const allowed = new Set<string>([
            ...linked.filter((x) => x !== null),
            ...current.map((l) => l.laPersonId),
          ])
          for (const adult of named) expect(allowed.has(adult)).toBe(true)
          for (const { laPersonId } of current) if (named.length < 3) expect(named).toContain(laPersonId)
          expect(after.count ?? 0).toBeGreaterThanOrEqual(named.length)
        },
      ),
    )
  })
})

describe('when a carer is due another assessment', () => {
  it.each([
    ['a day in June', '2026-06-15', '2025-06-15'],
    ['New Year’s Day', '2026-01-01', '2025-01-01'],
    ['the last day of a leap February', '2028-02-29', '2027-02-28'],
    ['the last day of a year', '2026-12-31', '2025-12-31'],
  ])('%s (%s): due unless one began on or after %s', (_name, today, before) => {
    expect(carerAssessmentDueBefore(today)).toBe(before)
  })
})
