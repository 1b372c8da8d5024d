import { describe, expect, it } from 'vitest'
import { ValidationProblem } from '../../kernel/problem.ts'
import {
  DEFAULT_DECISION_SETTINGS as DEFAULTS,
  daysWaiting,
  isOverdue,
  parseDecisionSettings,
  settingsFromForm,
  settingsOf,
} from './settings.ts'

const errorsOf = (work: () => unknown) => {
  try {
    work()
  } catch (error) {
    if (error instanceof ValidationProblem) return error.errors
    throw error
  }
  return []
}

const form = (overrides: Record<string, string | undefined> = {}) => ({
  ...Object.fromEntries(Object.entries(DEFAULTS).map(([k, v]) => [k, String(v)])),
  ...overrides,
})

describe('decision settings', () => {
  it('fills in the defaults for what was never saved', () => {
    expect(settingsOf(null)).toEqual(DEFAULTS)
    expect(settingsOf({ escalationDays: 21, panelMembers: 'x' })).toEqual({ ...DEFAULTS, escalationDays: 21 })
  })

  it.each([
    {
      body: { ...DEFAULTS, escalationDays: 0 },
      field: 'escalationDays',
      message: 'The days must be 1 or more',
    },
    {
      body: { ...DEFAULTS, escalationDays: 400 },
      field: 'escalationDays',
      message: 'The days must be 365 or fewer',
    },
    {
      body: { ...DEFAULTS, teamManagerMinutes: 2.5 },
      field: 'teamManagerMinutes',
      message: 'Enter the minutes for a team manager as a whole number',
    },
    {
      body: { ...DEFAULTS, panelMembers: 0 },
      field: 'panelMembers',
      message: 'The members must be 1 or more',
    },
    {
      body: { ...DEFAULTS, submissionMinutes: undefined },
      field: 'submissionMinutes',
      message: 'Enter the minutes to submit as a whole number',
    },
  ])('refuses $field: $message', ({ body, field, message }) => {
    expect(errorsOf(() => parseDecisionSettings(body))).toEqual([{ field, message }])
  })

  it.each([
    {
      values: { escalationDays: '' },
      field: 'escalationDays',
      message: 'Enter days a request may wait before it is overdue',
    },
    {
      values: { panelPreparationMinutes: 'an hour' },
      field: 'panelPreparationMinutes',
      message: 'Preparing a panel paper: enter a whole number, like 20',
    },
    { values: { escalationDays: '0' }, field: 'escalationDays', message: 'The days must be 1 or more' },
  ])('the form names $field', ({ values, field, message }) => {
    expect(errorsOf(() => settingsFromForm(form(values)))).toEqual([{ field, message }])
  })

  it('reads a whole form', () => {
    expect(settingsFromForm(form({ escalationDays: ' 21 ' }))).toEqual({ ...DEFAULTS, escalationDays: 21 })
  })

  it.each([
    { submitted: '2026-06-15T08:00:00Z', now: '2026-06-15T17:00:00Z', days: 0 },
    { submitted: '2026-06-14T23:30:00Z', now: '2026-06-15T00:30:00Z', days: 1 },
    { submitted: '2026-05-18T10:00:00Z', now: '2026-06-15T09:00:00Z', days: 28 },
    { submitted: '2026-06-16T10:00:00Z', now: '2026-06-15T09:00:00Z', days: 0 },
  ])('a request submitted $submitted has waited $days days at $now', ({ submitted, now, days }) => {
    expect(daysWaiting(new Date(submitted), new Date(now))).toBe(days)
  })

  it.each([
    { days: 27, overdue: false },
    { days: 28, overdue: false },
    { days: 29, overdue: true },
  ])('$days days against 28 allowed: overdue $overdue', ({ days, overdue }) => {
    expect(isOverdue(days, { escalationDays: 28 })).toBe(overdue)
  })
})
