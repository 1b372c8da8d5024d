import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DIFFICULTIES } from '../assessments/eligibility.ts'
import {
  DEFAULT_RAS_CONFIG,
  indicativeBudget,
  needPoints,
  RAS_OUTCOMES,
  type RasAssessment,
  type RasConfig,
  rasConfigProblems,
} from './ras.ts'

const outcome = (code: string, difficulties: string[]) => ({
  code,
  label: RAS_OUTCOMES.find((o) => o.code === code)?.label ?? code,
  achieved: difficulties.length === 0,
  difficulties,
})

const needs = (outcomes: Record<string, string[]>): RasAssessment => ({
  kind: 'needs',
  outcomes: Object.entries(outcomes).map(([code, d]) => outcome(code, d)),
})

const simple: RasConfig = {
  ...DEFAULT_RAS_CONFIG,
  outcomePoints: { nutrition: 10, personal_hygiene: 10, toilet_needs: 20 },
  difficultyPoints: {
    needs_assistance: 5,
    significant_pain_distress_anxiety: 3,
    endangers_health_safety: 7,
    takes_significantly_longer: 1,
  },
  questions: [
    {
      code: 'night',
      text: 'Help at night?',
      options: [
        { code: 'no', label: 'No', points: 0 },
        { code: 'yes', label: 'Yes', points: 15 },
      ],
    },
  ],
  ratePerPointPence: 500,
  minimumWeeklyPence: 0,
  maximumWeeklyPence: 100_000,
}

describe('indicativeBudget by rate', () => {
  it.each<[string, Record<string, string[]>, Record<string, string>, number, number]>([
    ['nothing not achieved, nothing answered', { nutrition: [] }, {}, 0, 0],
    ['one outcome with one difficulty', { nutrition: ['needs_assistance'] }, {}, 15, 7500],
    [
      'two outcomes, three difficulties, help at night',
      { nutrition: ['needs_assistance'], toilet_needs: ['needs_assistance', 'endangers_health_safety'] },
      { night: 'yes' },
      15 + 32 + 15,
      62 * 500,
    ],
    [
      'an answer that is not an option scores nothing',
      { nutrition: ['needs_assistance'] },
      { night: 'maybe' },
      15,
      7500,
    ],
    [
      'an outcome the council gives no points still counts its difficulties',
      { clothing: ['needs_assistance'] },
      {},
      5,
      2500,
    ],
  ])('%s: %i points, %i pence', (_name, outcomes, answers, points, weeklyPence) => {
    const result = indicativeBudget(simple, needs(outcomes), answers)
    expect(result.points).toBe(points)
    expect(result.weeklyPence).toBe(weeklyPence)
  })

  it('explains each answer with its points and money', () => {
    const result = indicativeBudget(
      simple,
      needs({ toilet_needs: ['needs_assistance', 'endangers_health_safety'] }),
      {
        night: 'yes',
      },
    )
    expect(result.explanation).toEqual([
      {
        kind: 'outcome',
        code: 'toilet_needs',
        label: 'Managing toilet needs',
        detail:
          'not achieved: 20 points; unable to achieve it without assistance: 5; achieving it without assistance endangers, or is likely to endanger, the health or safety of the adult or others: 7',
        points: 32,
        pence: 16_000,
      },
      {
        kind: 'question',
        code: 'night',
        label: 'Help at night?',
        detail: 'answered “Yes”: 15 points',
        points: 15,
        pence: 7500,
      },
    ])
  })

  it('says when a question was not answered', () => {
    const [line] = indicativeBudget(simple, needs({}), {}).explanation
    expect(line).toMatchObject({ kind: 'question', detail: 'not answered: no points', points: 0, pence: 0 })
  })

  it('caps the amount and shows the cap as a line', () => {
    const result = indicativeBudget(
      { ...simple, maximumWeeklyPence: 10_000 },
      needs({ toilet_needs: ['needs_assistance'] }),
    )
    expect(result.weeklyPence).toBe(10_000)
    expect(result.explanation.at(-1)).toEqual({
      kind: 'cap',
      code: null,
      label: 'Cap',
      detail: 'Capped at the maximum of £100.00 a week',
      points: 0,
      pence: -2500,
    })
  })

  it('raises the amount to the minimum and shows it as a line', () => {
    const result = indicativeBudget({ ...simple, minimumWeeklyPence: 5000 }, needs({}))
    expect(result.weeklyPence).toBe(5000)
    expect(result.explanation.at(-1)).toMatchObject({ kind: 'minimum', pence: 5000 })
  })

  it('does not count taking longer against a carer’s outcome (reg 3(3))', () => {
    const carer: RasAssessment = {
      kind: 'carer',
      outcomes: [
        {
          code: 'nutrition',
          label: 'Nutrition',
          achieved: false,
          difficulties: ['takes_significantly_longer', 'needs_assistance'],
        },
      ],
    }
    expect(indicativeBudget(simple, carer).points).toBe(15)
  })
})

describe('indicativeBudget by bands', () => {
  const banded: RasConfig = {
    ...simple,
    method: 'bands',
    bands: [
      { fromPoints: 0, weeklyPence: 0 },
      { fromPoints: 10, weeklyPence: 10_000 },
      { fromPoints: 40, weeklyPence: 30_001 },
    ],
  }

  it.each<[string, Record<string, string[]>, number, number]>([
    ['below the first paid band', { clothing: ['needs_assistance'] }, 5, 0],
    [
      'exactly at a band’s start',
      { nutrition: [], personal_hygiene: ['significant_pain_distress_anxiety'] },
      13,
      10_000,
    ],
    [
      'one point below the top band',
      {
        toilet_needs: ['needs_assistance', 'endangers_health_safety', 'takes_significantly_longer'],
        clothing: ['significant_pain_distress_anxiety'],
      },
      36,
      10_000,
    ],
    [
      'in the top band',
      { toilet_needs: ['needs_assistance', 'endangers_health_safety'], nutrition: ['needs_assistance'] },
      47,
      30_001,
    ],
  ])('%s: %i points → %i pence', (_name, outcomes, points, weeklyPence) => {
    const result = indicativeBudget(banded, needs(outcomes))
    expect(result.points).toBe(points)
    expect(result.weeklyPence).toBe(weeklyPence)
  })

  it('shares the band’s amount across the answers by points, to the penny', () => {
    const result = indicativeBudget(
      banded,
      needs({
        toilet_needs: ['needs_assistance', 'endangers_health_safety'],
        nutrition: ['needs_assistance'],
      }),
    )
    const [toilet, nutrition] = result.explanation
    expect(toilet?.pence).toBe(20_426) // 30,001 × 32/47 = 20,426.2…
    expect(nutrition?.pence).toBe(9575) // 30,001 × 15/47 = 9,574.8…, so it takes the penny left over
    expect(result.explanation.at(-1)).toMatchObject({ kind: 'band', pence: 0 })
  })
})

describe('any configuration and assessment', () => {
  const config: fc.Arbitrary<RasConfig> = fc
    .record({
      method: fc.constantFrom<'rate' | 'bands'>('rate', 'bands'),
      ratePerPointPence: fc.integer({ min: 0, max: 5000 }),
      steps: fc.array(
        fc.record({ gap: fc.integer({ min: 1, max: 40 }), more: fc.integer({ min: 0, max: 50_000 }) }),
        {
          maxLength: 5,
        },
      ),
      first: fc.integer({ min: 0, max: 50_000 }),
      minimumWeeklyPence: fc.integer({ min: 0, max: 20_000 }),
      headroom: fc.integer({ min: 0, max: 200_000 }),
      nightPoints: fc.integer({ min: 0, max: 30 }),
    })
    .map(({ method, ratePerPointPence, steps, first, minimumWeeklyPence, headroom, nightPoints }) => {
      const bands = [{ fromPoints: 0, weeklyPence: first }]
      for (const step of steps) {
        const last = bands.at(-1) as { fromPoints: number; weeklyPence: number }
        bands.push({ fromPoints: last.fromPoints + step.gap, weeklyPence: last.weeklyPence + step.more })
      }
      return {
        ...DEFAULT_RAS_CONFIG,
        questions: [
          { code: 'night', text: 'Night?', options: [{ code: 'yes', label: 'Yes', points: nightPoints }] },
        ],
        method,
        ratePerPointPence,
        bands,
        minimumWeeklyPence,
        maximumWeeklyPence: minimumWeeklyPence + headroom,
      }
    })
  const difficulty = fc.constantFrom(...DIFFICULTIES.map((d) => d.code))
  const assessment: fc.Arbitrary<RasAssessment> = fc
    .record({
      kind: fc.constantFrom<'needs' | 'carer'>('needs', 'carer'),
      recorded: fc.dictionary(
        fc.constantFrom(...RAS_OUTCOMES.map((o) => o.code)),
        fc.uniqueArray(difficulty),
      ),
    })
    .map(({ kind, recorded }) => ({
      kind,
      outcomes: Object.entries(recorded).map(([code, difficulties]) => ({
        code,
        label: code,
        achieved:
          difficulties.filter((d) => kind === 'needs' || d !== 'takes_significantly_longer').length === 0,
        difficulties,
      })),
    }))

  it('gives valid configurations', () => {
    fc.assert(
      fc.property(config, (c) => {
        expect(rasConfigProblems(c)).toEqual([])
      }),
    )
  })

  it('explains every penny: the lines add up to the amount, which stays within the floor and the cap', () => {
    fc.assert(
      fc.property(config, assessment, fc.boolean(), (c, a, night) => {
        const result = indicativeBudget(c, a, night ? { night: 'yes' } : {})
        expect(result.explanation.reduce((sum, l) => sum + l.pence, 0)).toBe(result.weeklyPence)
        expect(result.explanation.reduce((sum, l) => sum + l.points, 0)).toBe(result.points)
        expect(result.weeklyPence).toBeGreaterThanOrEqual(c.minimumWeeklyPence)
        expect(result.weeklyPence).toBeLessThanOrEqual(c.maximumWeeklyPence)
        expect(Number.isInteger(result.weeklyPence)).toBe(true)
      }),
    )
  })

  it('never gives less for more need: one more difficulty never lowers the amount', () => {
    fc.assert(
      fc.property(
        config,
        assessment,
        fc.constantFrom(...RAS_OUTCOMES.map((o) => o.code)),
        difficulty,
        (c, a, code, d) => {
          const existing = a.outcomes.find((o) => o.code === code)
          const difficulties = [...new Set([...(existing?.difficulties ?? []), d])]
          const more: RasAssessment = {
            kind: a.kind,
            outcomes: [
              ...a.outcomes.filter((o) => o.code !== code),
              {
                code,
                label: code,
                achieved:
                  difficulties.filter((x) => a.kind === 'needs' || x !== 'takes_significantly_longer')
                    .length === 0,
                difficulties,
              },
            ],
          }
          expect(indicativeBudget(c, more).weeklyPence).toBeGreaterThanOrEqual(
            indicativeBudget(c, a).weeklyPence,
          )
          expect(needPoints(c, more)).toBeGreaterThanOrEqual(needPoints(c, a))
        },
      ),
    )
  })
})

describe('rasConfigProblems', () => {
  it.each<[string, Partial<RasConfig>, string[]]>([
    ['the default', {}, []],
    ['a cap below the floor', { minimumWeeklyPence: 200, maximumWeeklyPence: 100 }, ['maximumWeeklyPence']],
    ['bands with none given', { method: 'bands', bands: [] }, ['bands']],
    ['bands not starting at 0', { method: 'bands', bands: [{ fromPoints: 5, weeklyPence: 0 }] }, ['bands']],
    [
      'bands out of order',
      {
        method: 'bands',
        bands: [
          { fromPoints: 0, weeklyPence: 0 },
          { fromPoints: 0, weeklyPence: 10 },
        ],
      },
      ['bands'],
    ],
    [
      'a band giving less for more points',
      {
        method: 'bands',
        bands: [
          { fromPoints: 0, weeklyPence: 100 },
          { fromPoints: 10, weeklyPence: 50 },
        ],
      },
      ['bands'],
    ],
    [
      'two questions with one code',
      {
        questions: [
          { code: 'a', text: 'A', options: [] },
          { code: 'a', text: 'B', options: [] },
        ],
      },
      ['questions.1.code'],
    ],
  ])('%s', (_name, change, fields) => {
    expect(rasConfigProblems({ ...DEFAULT_RAS_CONFIG, ...change }).map((p) => p.field)).toEqual(fields)
  })
})
