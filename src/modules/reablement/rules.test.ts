import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, daysBetween } from '../../kernel/dates.ts'
import {
  atHomeCheckDueOn,
  atHomeCheckResultLabel,
  atHomeCheckState,
  dischargeProblem,
  episodeDays,
  episodeState,
  withinAscof2dWindow,
} from './rules.ts'

describe('the at-home check after a hospital discharge', () => {
  it.each([
    ['2026-03-01', '2026-05-31'],
    ['2026-01-01', '2026-04-02'],
    ['2024-12-01', '2025-03-02'],
    ['2024-01-01', '2024-04-01'], // a leap year
    ['2026-10-01', '2026-12-31'],
  ])('falls due 91 days after a discharge on %s: %s', (dischargedOn, dueOn) => {
    expect(atHomeCheckDueOn(dischargedOn)).toBe(dueOn)
  })

  it.each([
    ['2026-06-20', null, '2026-06-15', 'not yet due'],
    ['2026-06-16', null, '2026-06-15', 'not yet due'],
    ['2026-06-15', null, '2026-06-15', 'due'],
    ['2026-06-02', null, '2026-06-15', 'due'],
    ['2026-06-01', null, '2026-06-15', 'overdue'],
    ['2025-01-01', null, '2026-06-15', 'overdue'],
    ['2026-06-01', 'at_home', '2026-06-15', 'recorded'],
    ['2026-06-20', 'died', '2026-06-15', 'recorded'],
  ])('due on %s with result %s is, on %s, %s', (dueOn, result, today, state) => {
    expect(atHomeCheckState({ dueOn, result }, today)).toBe(state)
  })

  it('moves through its states in order as the days pass', () => {
    const order = ['not yet due', 'due', 'overdue']
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: -400, max: 400 }),
        (start, offset) => {
          const dueOn = addDays('1990-01-01', start)
          const today = addDays(dueOn, offset)
          const tomorrow = addDays(today, 1)
          const now = order.indexOf(atHomeCheckState({ dueOn, result: null }, today))
          const next = order.indexOf(atHomeCheckState({ dueOn, result: null }, tomorrow))
          return now >= 0 && next >= now
        },
      ),
    )
  })

  it('names each result', () => {
    expect(atHomeCheckResultLabel('care_home')).toBe('In a care home')
    expect(atHomeCheckResultLabel(null)).toBe('')
  })
})

describe('the discharge an episode follows', () => {
  it.each([
    ['2026-06-01', '2026-06-01', undefined],
    ['2026-06-01', '2026-05-04', undefined],
    [
      '2026-06-01',
      '2026-05-03',
      'Date they left hospital must be no more than 28 days before reablement started',
    ],
    ['2026-06-01', '2026-06-08', undefined],
    [
      '2026-06-01',
      '2026-06-09',
      'Date they left hospital must be no more than 7 days after reablement started',
    ],
  ])('reablement from %s after a discharge on %s: %s', (startedOn, dischargedOn, problem) => {
    expect(dischargeProblem(startedOn, dischargedOn)).toBe(problem)
  })

  it.each([
    ['2026-05-25', '2026-06-01', true],
    ['2026-05-24', '2026-06-01', false],
    ['2026-06-01', '2026-06-01', true],
    ['2026-06-04', '2026-06-01', true],
    ['2026-06-05', '2026-06-01', false],
  ])(
    'reablement from %s after a discharge on %s is in the ASCOF 2D window: %s',
    (startedOn, dischargedOn, inside) => {
      expect(withinAscof2dWindow(startedOn, dischargedOn)).toBe(inside)
    },
  )

  it('accepts every discharge in the ASCOF 2D window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: -60, max: 60 }), (day, offset) => {
        const startedOn = addDays('1990-01-01', day)
        const dischargedOn = addDays(startedOn, offset)
        return (
          !withinAscof2dWindow(startedOn, dischargedOn) ||
          dischargeProblem(startedOn, dischargedOn) === undefined
        )
      }),
    )
  })
})

describe('reablement episodes', () => {
  it.each([
    [{ endedOn: '2026-06-10', plannedEndOn: '2026-06-01' }, 'ended'],
    [{ endedOn: null, plannedEndOn: null }, 'open'],
    [{ endedOn: null, plannedEndOn: '2026-06-15' }, 'open'],
    [{ endedOn: null, plannedEndOn: '2026-06-14' }, 'past planned end'],
  ])('%o is %s on 15 June 2026', (episode, state) => {
    expect(episodeState(episode, '2026-06-15')).toBe(state)
  })

  it.each([
    [{ startedOn: '2026-06-01', endedOn: '2026-06-01' }, 1],
    [{ startedOn: '2026-06-01', endedOn: '2026-07-12' }, 42],
    [{ startedOn: '2026-06-01', endedOn: null }, 15],
  ])('%o lasts %i days (on 15 June 2026)', (episode, days) => {
    expect(episodeDays(episode, '2026-06-15')).toBe(days)
    expect(days).toBe(daysBetween(episode.startedOn, episode.endedOn ?? '2026-06-15') + 1)
  })
})
