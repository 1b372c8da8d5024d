import { describe, expect, it } from 'vitest'
import { ValidationProblem } from '../../kernel/problem.ts'
import {
  assessmentFromForm,
  decisionFromForm,
  eligibilityInput,
  parseAssessmentInput,
  parseDecisionInput,
} from './assessment-input.ts'
import { determineEligibility } from './eligibility.ts'

const TODAY = '2026-06-15'

const needs = {
  kind: 'needs',
  format: 'standard',
  impairmentOrIllness: true,
  wellbeingSignificantlyAffected: true,
  outcomes: { nutrition: ['needs_assistance'], clothing: ['takes_significantly_longer'] },
}
const carer = {
  kind: 'carer',
  format: 'light',
  needsFromCaring: true,
  carerHealthAtRisk: false,
  wellbeingSignificantlyAffected: true,
  outcomes: { recreation: ['significant_pain_distress_anxiety'] },
}

function errorsOf(action: () => unknown) {
  try {
    action()
  } catch (error) {
    if (error instanceof ValidationProblem) return error.errors
    throw error
  }
  throw new Error('expected a ValidationProblem')
}

describe('parseAssessmentInput', () => {
  it('accepts a needs assessment and a carer’s assessment', () => {
    expect(parseAssessmentInput(needs, TODAY)).toMatchObject({ kind: 'needs', impairmentOrIllness: true })
    expect(parseAssessmentInput(carer, TODAY)).toMatchObject({ kind: 'carer', carerHealthAtRisk: false })
  })

  it('keeps only outcomes with difficulties, de-duplicated in the regulation’s order', () => {
    const parsed = parseAssessmentInput(
      {
        ...needs,
        outcomes: {
          nutrition: ['takes_significantly_longer', 'needs_assistance', 'needs_assistance'],
          clothing: [],
        },
      },
      TODAY,
    )
    expect(parsed.outcomes).toEqual({ nutrition: ['needs_assistance', 'takes_significantly_longer'] })
  })

  it.each([
    ['an outcome of the other kind', { ...needs, outcomes: { recreation: [] } }, 'outcomes.recreation'],
    [
      'a carer given an adult-only outcome',
      { ...carer, outcomes: { toilet_needs: ['needs_assistance'] } },
      'outcomes.toilet_needs',
    ],
    ['an unknown difficulty', { ...needs, outcomes: { nutrition: ['tired'] } }, 'outcomes.nutrition'],
    ['a difficulty that is not a string', { ...needs, outcomes: { nutrition: [3] } }, 'outcomes.nutrition'],
    [
      'difficulties not in a list',
      { ...needs, outcomes: { nutrition: 'needs_assistance' } },
      'outcomes.nutrition',
    ],
    ['no outcomes', { ...needs, outcomes: undefined }, 'outcomes'],
    ['no impairment answer', { ...needs, impairmentOrIllness: undefined }, 'impairmentOrIllness'],
    ['a carer question on a needs assessment', { ...needs, needsFromCaring: true }, 'needsFromCaring'],
    ['no caring answer', { ...carer, needsFromCaring: undefined }, 'needsFromCaring'],
    ['no health answer', { ...carer, carerHealthAtRisk: null }, 'carerHealthAtRisk'],
    [
      'an impairment answer on a carer’s assessment',
      { ...carer, impairmentOrIllness: false },
      'impairmentOrIllness',
    ],
    [
      'no well-being answer',
      { ...needs, wellbeingSignificantlyAffected: 'yes' },
      'wellbeingSignificantlyAffected',
    ],
    ['an unknown kind', { ...needs, kind: 'financial' }, 'kind'],
    ['an unknown format', { ...needs, format: 'deep' }, 'format'],
    ['a future start', { ...needs, startedOn: '2026-06-16' }, 'startedOn'],
    ['an impossible start', { ...needs, startedOn: '2026-02-30' }, 'startedOn'],
    ['a request id that is not one', { ...needs, requestId: 'abc' }, 'requestId'],
    ['negative minutes', { ...needs, minutes: { direct: -1, travel: 0, recording: 0 } }, 'minutes.direct'],
    ['part minutes', { ...needs, minutes: { direct: 1, travel: 1.5, recording: 0 } }, 'minutes.travel'],
    [
      'minutes as text',
      { ...needs, minutes: { direct: 1, travel: 1, recording: 'ten' } },
      'minutes.recording',
    ],
  ])('refuses %s', (_label, body, field) => {
    expect(errorsOf(() => parseAssessmentInput(body, TODAY)).map((e) => e.field)).toContain(field)
  })

  it('names every missing answer at once', () => {
    const fields = errorsOf(() => parseAssessmentInput({ kind: 'carer' }, TODAY)).map((e) => e.field)
    expect(fields).toEqual([
      'format',
      'needsFromCaring',
      'carerHealthAtRisk',
      'outcomes',
      'wellbeingSignificantlyAffected',
    ])
  })

  it('gives the rules what they decide on', () => {
    const result = determineEligibility(eligibilityInput(parseAssessmentInput(needs, TODAY)))
    expect(result.outcomesNotAchieved).toEqual(['nutrition', 'clothing'])
    expect(result.eligible).toBe(true)
  })
})

describe('assessmentFromForm', () => {
  it('turns radios, checkboxes and minutes into the API’s body', () => {
    const { body, dates } = assessmentFromForm('carer', {
      format: 'light',
      'startedOn-day': '12',
      'startedOn-month': '6',
      'startedOn-year': '2026',
      needsFromCaring: 'yes',
      carerHealthAtRisk: 'no',
      'outcomes.recreation': ['needs_assistance', 'endangers_health_safety'],
      'outcomes.nutrition': 'needs_assistance',
      wellbeingSignificantlyAffected: 'yes',
      'minutes.direct': '60',
      'minutes.travel': '',
      'minutes.recording': ' 15 ',
    })
    expect(dates.errors).toEqual([])
    expect(body).toMatchObject({
      kind: 'carer',
      startedOn: '2026-06-12',
      needsFromCaring: true,
      carerHealthAtRisk: false,
      wellbeingSignificantlyAffected: true,
      minutes: { direct: 60, travel: 0, recording: 15 },
    })
    expect(body.outcomes).toMatchObject({
      recreation: ['needs_assistance', 'endangers_health_safety'],
      nutrition: ['needs_assistance'],
      caring_for_child: [],
    })
    expect(parseAssessmentInput(body, TODAY).outcomes).toEqual({
      nutrition: ['needs_assistance'],
      recreation: ['needs_assistance', 'endangers_health_safety'],
    })
  })

  it('leaves minutes out when none are given, and unanswered radios unanswered', () => {
    const { body } = assessmentFromForm('needs', { format: 'light' })
    expect(body.minutes).toBeUndefined()
    expect(body.impairmentOrIllness).toBeUndefined()
    expect(errorsOf(() => parseAssessmentInput(body, TODAY)).map((e) => e.field)).toEqual([
      'startedOn',
      'impairmentOrIllness',
      'wellbeingSignificantlyAffected',
    ])
  })

  it('refuses minutes that are not whole numbers', () => {
    const { body } = assessmentFromForm('needs', { 'minutes.direct': 'an hour' })
    expect(errorsOf(() => parseAssessmentInput(body, TODAY)).map((e) => e.field)).toContain('minutes.direct')
  })
  it.each([
    [['', '', ''], 'Enter the date the assessment started', ['day', 'month', 'year']],
    [['12', '', '2026'], 'Date the assessment started must include a month', ['month']],
  ])('asks for the start date on the form: boxes %j', (typed, message, parts) => {
    const [day, month, year] = typed as [string, string, string]
    const { body, dates } = assessmentFromForm('needs', {
      'startedOn-day': day,
      'startedOn-month': month,
      'startedOn-year': year,
    })
    expect(dates.errors).toEqual([{ field: 'startedOn', message, parts }])
    expect(errorsOf(() => parseAssessmentInput(body, TODAY)).map((e) => e.field)).toContain('startedOn')
  })
})

describe('parseDecisionInput', () => {
  it.each([
    [{ confirm: true }, { decision: 'confirmed' }],
    [
      { confirm: true, eventOutcome: 'NFA: Support declined' },
      { decision: 'confirmed', eventOutcome: 'NFA: Support declined' },
    ],
    [
      { override: true, eligible: false, reason: 'Needs met by family' },
      { decision: 'overridden', eligible: false, reason: 'Needs met by family' },
    ],
  ])('accepts %j', (body, expected) => {
    expect(parseDecisionInput(body)).toMatchObject(expected)
  })

  it.each([
    [{}, ['confirm']],
    [{ confirm: true, override: true }, ['confirm']],
    [{ confirm: false }, ['confirm']],
    [{ override: true, eligible: true }, ['reason']],
    [{ override: true, eligible: true, reason: '   ' }, ['reason']],
    [{ override: true, reason: 'Because' }, ['eligible']],
    [{ confirm: true, eventOutcome: 'Done' }, ['eventOutcome']],
    [{ confirm: true, eventOutcome: 'Release 1 specification only: Not mapped' }, ['eventOutcome']],
  ])('refuses %j', (body, fields) => {
    expect(errorsOf(() => parseDecisionInput(body)).map((e) => e.field)).toEqual(fields)
  })
})

describe('decisionFromForm', () => {
  it('turns an override round from the computed result', () => {
    expect(decisionFromForm({ decision: 'override', reason: 'R' }, true)).toMatchObject({
      override: true,
      eligible: false,
    })
    expect(decisionFromForm({ decision: 'override', reason: 'R' }, false)).toMatchObject({
      override: true,
      eligible: true,
    })
    expect(decisionFromForm({ decision: 'confirm' }, true)).toEqual({
      confirm: true,
      eventOutcome: undefined,
    })
    expect(parseDecisionInput.bind(null, decisionFromForm({}, true))).toThrow(ValidationProblem)
  })
})
