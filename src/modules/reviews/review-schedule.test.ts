import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays } from '../../kernel/dates.ts'
import {
  addMonths,
  currentRunStart,
  daysOverdue,
  type PlannedService,
  reviewDueState,
  reviewSchedule,
} from './review-schedule.ts'

const TODAY = '2026-06-15'
const open = (startOn: string, directPayment = false): PlannedService => ({
  startOn,
  endOn: null,
  directPayment,
})
const ended = (startOn: string, endOn: string, directPayment = false): PlannedService => ({
  startOn,
  endOn,
  directPayment,
})

describe('addMonths', () => {
  it.each([
    ['2026-01-15', 6, '2026-07-15'],
    ['2025-08-31', 6, '2026-02-28'],
    ['2023-08-31', 6, '2024-02-29'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2025-12-31', 1, '2026-01-31'],
    ['2025-11-30', 3, '2026-02-28'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-06-15', 0, '2026-06-15'],
  ])('%s plus %i months is %s', (day, months, expected) => {
    expect(addMonths(day, months)).toBe(expected)
  })
})

describe('the current plan: a continuous run of support', () => {
  it.each([
    ['one open service', [open('2025-01-01')], '2025-01-01'],
    [
      'a change of package the next day',
      [ended('2024-01-01', '2025-04-05'), open('2025-04-06')],
      '2024-01-01',
    ],
    [
      'a change of package 7 days later',
      [ended('2024-01-01', '2025-04-05'), open('2025-04-12')],
      '2024-01-01',
    ],
    [
      'a new plan after 8 days without support',
      [ended('2024-01-01', '2025-04-05'), open('2025-04-13')],
      '2025-04-13',
    ],
    ['overlapping services', [open('2025-03-01'), ended('2025-01-01', '2025-03-10')], '2025-01-01'],
    ['a service ending today', [ended('2025-01-01', TODAY)], '2025-01-01'],
    ['support that ended yesterday', [ended('2025-01-01', '2026-06-14')], undefined],
    ['a service not started yet', [open('2026-06-16')], undefined],
    ['no services', [], undefined],
  ])('%s', (_label, services, start) => {
    expect(currentRunStart(services, TODAY)).toBe(start)
  })
})

describe('when the next review is due', () => {
  it.each([
    {
      label: 'a new plan with no review: first review 8 weeks after it started',
      services: [open('2026-01-05')],
      reviews: [],
      due: ['2026-03-02', 'first review'],
      owed: ['first review'],
    },
    {
      label: 'a new plan paid as a direct payment: first review first, the direct payment’s later',
      services: [open('2026-01-05', true)],
      reviews: [],
      due: ['2026-03-02', 'first review'],
      owed: ['first review', 'direct payment review'],
    },
    {
      label: 'a direct payment whose first review came at 7 weeks: its own review within 6 months',
      services: [open('2026-01-05', true)],
      reviews: ['2026-02-23'],
      due: ['2026-07-05', 'direct payment review'],
      owed: ['direct payment review', 'annual review'],
    },
    {
      label: 'a direct payment whose first review came at exactly 8 weeks: still its own review',
      services: [open('2026-01-05', true)],
      reviews: ['2026-03-02'],
      due: ['2026-07-05', 'direct payment review'],
      owed: ['direct payment review', 'annual review'],
    },
    {
      label: 'a direct payment whose first review came late: that review covers both',
      services: [open('2026-01-05', true)],
      reviews: ['2026-03-10'],
      due: ['2027-03-10', 'annual review'],
      owed: ['annual review'],
    },
    {
      label: 'a plan reviewed more than a year ago: the yearly review is overdue',
      services: [open('2024-01-01')],
      reviews: ['2024-02-20', '2025-05-01'],
      due: ['2026-05-01', 'annual review'],
      owed: ['annual review'],
    },
    {
      label: 'an unplanned review restarts the 12 months like any other',
      services: [open('2024-01-01')],
      reviews: ['2024-02-20', '2025-02-10', '2025-11-20'],
      due: ['2026-11-20', 'annual review'],
      owed: ['annual review'],
    },
    {
      label: 'a change of package is not a new plan',
      services: [ended('2024-01-01', '2025-04-05'), open('2025-04-06')],
      reviews: ['2025-02-01'],
      due: ['2026-02-01', 'annual review'],
      owed: ['annual review'],
    },
    {
      label: 'a review from before a new plan does not count for it',
      services: [ended('2024-01-01', '2025-12-01'), open('2026-03-01')],
      reviews: ['2025-06-01'],
      due: ['2026-04-26', 'first review'],
      owed: ['first review'],
    },
    {
      label: 'a direct payment added to a running plan: its review, unless the yearly one comes first',
      services: [ended('2024-01-01', '2025-08-31'), open('2025-09-01'), open('2025-09-01', true)],
      reviews: ['2024-02-20', '2025-02-10'],
      due: ['2026-02-10', 'annual review'],
      owed: ['annual review', 'direct payment review'],
    },
    {
      label: 'a direct payment starting on the last day of August: due on the last day of February',
      services: [open('2025-08-31', true)],
      reviews: ['2025-10-20'],
      due: ['2026-02-28', 'direct payment review'],
      owed: ['direct payment review', 'annual review'],
    },
    {
      label: 'a review dated in the future is not counted',
      services: [open('2026-01-05')],
      reviews: ['2026-07-01'],
      due: ['2026-03-02', 'first review'],
      owed: ['first review'],
    },
  ])('$label', ({ services, reviews, due, owed }) => {
    const schedule = reviewSchedule(services, reviews, TODAY)
    expect(schedule?.next).toEqual({ dueOn: due[0], reason: due[1] })
    expect(schedule?.owed.map((o) => o.reason)).toEqual(owed)
  })

  it('gives the plan’s start, the direct payment’s start and the last review', () => {
    expect(
      reviewSchedule([ended('2025-01-01', '2025-06-30'), open('2025-07-01', true)], ['2025-03-01'], TODAY),
    ).toMatchObject({
      planStartOn: '2025-01-01',
      directPaymentStartOn: '2025-07-01',
      lastReviewOn: '2025-03-01',
    })
  })

  it.each([
    ['no services', []],
    ['support that has ended', [ended('2024-01-01', '2026-05-01')]],
    ['support that has not started', [open('2026-07-01')]],
  ])('owes no review with %s', (_label, services) => {
    expect(reviewSchedule(services, ['2025-01-01'], TODAY)).toBeNull()
  })
})

describe('due states', () => {
  it.each([
    ['2026-06-14', 'overdue', 1],
    ['2025-06-15', 'overdue', 365],
    ['2026-06-15', 'due soon', 0],
    ['2026-07-13', 'due soon', 0],
    ['2026-07-14', 'scheduled', 0],
  ])('due on %s is %s, %i days overdue, on 15 June 2026', (dueOn, state, days) => {
    expect(reviewDueState(dueOn, TODAY)).toBe(state)
    expect(daysOverdue(dueOn, TODAY)).toBe(days)
  })
})

describe('review schedule properties', () => {
  const day = (offset: number) => addDays('2015-01-01', offset)
  const service = fc
    .record({
      start: fc.integer({ min: 0, max: 4200 }),
      length: fc.option(fc.integer({ min: 0, max: 1500 }), { nil: null }),
      directPayment: fc.boolean(),
    })
    .map(
      ({ start, length, directPayment }): PlannedService => ({
        startOn: day(start),
        endOn: length === null ? null : day(start + length),
        directPayment,
      }),
    )
  const history = fc.record({
    services: fc.array(service, { minLength: 1, maxLength: 6 }),
    reviews: fc.array(fc.integer({ min: 0, max: 4300 }).map(day), { maxLength: 8 }),
    today: fc.integer({ min: 0, max: 4300 }).map(day),
  })

  it('never sets a review more than 12 months after the last review or the plan’s start', () => {
    fc.assert(
      fc.property(history, ({ services, reviews, today }) => {
        const schedule = reviewSchedule(services, reviews, today)
        if (schedule === null) return true
        const { planStartOn, lastReviewOn, next } = schedule
        const from = lastReviewOn !== null && lastReviewOn > planStartOn ? lastReviewOn : planStartOn
        return next.dueOn <= addMonths(from, 12) && next.dueOn > planStartOn
      }),
      { numRuns: 2000 },
    )
  })

  it('never brings the due date forward when a review is recorded', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 0, max: 400 }), ({ services, reviews, today }, back) => {
        const before = reviewSchedule(services, reviews, today)
        if (before === null) return true
        const latest = [...reviews.filter((r) => r <= today)].sort().at(-1) ?? '0000-01-01'
        const reviewedOn = addDays(today, -back)
        if (reviewedOn < latest) return true
        const after = reviewSchedule(services, [...reviews, reviewedOn], today)
        return after !== null && after.next.dueOn >= before.next.dueOn
      }),
      { numRuns: 2000 },
    )
  })

  it('names the earliest review owed', () => {
    fc.assert(
      fc.property(history, ({ services, reviews, today }) => {
        const schedule = reviewSchedule(services, reviews, today)
        if (schedule === null) return true
        return schedule.owed.every((o) => o.dueOn >= schedule.next.dueOn) && schedule.owed.length >= 1
      }),
    )
  })
})
