import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  ADULT_OUTCOMES,
  type AdultEligibilityInput,
  type AdultOutcome,
  CARER_OUTCOMES,
  type CarerEligibilityInput,
  type CarerOutcome,
  DIFFICULTIES,
  type Difficulty,
  determineEligibility,
  type EligibilityInput,
  isDifficulty,
  isOutcomeCode,
  summariseEligibility,
} from './eligibility.ts'

const adultCodes = ADULT_OUTCOMES.map((o) => o.code)
const carerCodes = CARER_OUTCOMES.map((o) => o.code)
const difficultyCodes = DIFFICULTIES.map((d) => d.code)

// Every outcome of the list given the same difficulty.
function all<C extends string>(
  codes: readonly C[],
  difficulty: Difficulty,
): Partial<Record<C, Difficulty[]>> {
  return Object.fromEntries(codes.map((c) => [c, [difficulty]])) as Partial<Record<C, Difficulty[]>>
}

// Eligible unless a test says otherwise, so each row changes one thing.
function adult(overrides: Partial<Omit<AdultEligibilityInput, 'kind'>> = {}): AdultEligibilityInput {
  return {
    kind: 'needs',
    impairmentOrIllness: true,
    outcomes: { nutrition: ['needs_assistance'], personal_hygiene: ['needs_assistance'] },
    wellbeingSignificantlyAffected: true,
    ...overrides,
  }
}

function carer(overrides: Partial<Omit<CarerEligibilityInput, 'kind'>> = {}): CarerEligibilityInput {
  return {
    kind: 'carer',
    needsFromCaring: true,
    carerHealthAtRisk: true,
    outcomes: { recreation: ['needs_assistance'] },
    wellbeingSignificantlyAffected: true,
    ...overrides,
  }
}

function unmet(input: EligibilityInput): string[] {
  return determineEligibility(input)
    .conditions.filter((c) => !c.met)
    .map((c) => c.code)
}

describe('adults: regulation 2', () => {
  it('is eligible when all three conditions are met', () => {
    const result = determineEligibility(adult())
    expect(result.eligible).toBe(true)
    expect(result.conditions.map((c) => c.code)).toEqual([
      'needs_arise_from_impairment_or_illness',
      'unable_to_achieve_two_or_more_outcomes',
      'significant_impact_on_wellbeing',
    ])
    expect(result.reasons).toEqual([
      'The needs arise from a physical or mental impairment or illness.',
      'The person is unable to achieve 2 of the specified outcomes (at least 2 are needed): managing and maintaining nutrition; maintaining personal hygiene.',
      "As a consequence there is, or is likely to be, a significant impact on the person's well-being.",
      'The needs are eligible because all three conditions in regulation 2 are met.',
    ])
  })

  it.each([
    [
      'needs not from impairment or illness',
      { impairmentOrIllness: false },
      'needs_arise_from_impairment_or_illness',
    ],
    [
      'only one outcome not achieved',
      { outcomes: { nutrition: ['needs_assistance'] } },
      'unable_to_achieve_two_or_more_outcomes',
    ],
    [
      'well-being not significantly affected',
      { wellbeingSignificantlyAffected: false },
      'significant_impact_on_wellbeing',
    ],
  ] as const)('is not eligible when only this fails: %s', (_name, overrides, failing) => {
    const result = determineEligibility(adult(overrides))
    expect(result.eligible).toBe(false)
    expect(unmet(adult(overrides))).toEqual([failing])
    expect(result.reasons.at(-1)).toMatch(/^The needs are not eligible because /)
  })

  it('gives every failing condition in the decision', () => {
    const result = determineEligibility(
      adult({ impairmentOrIllness: false, outcomes: {}, wellbeingSignificantlyAffected: false }),
    )
    expect(result.reasons.at(-1)).toBe(
      "The needs are not eligible because the needs do not arise from a physical or mental impairment or illness; the person is able to achieve all of the specified outcomes (at least 2 must not be achieved); and there is no significant impact, actual or likely, on the person's well-being.",
    )
  })

  it.each([
    [0, {}, false],
    [1, { nutrition: ['needs_assistance'] }, false],
    [2, { nutrition: ['needs_assistance'], caring_for_child: ['takes_significantly_longer'] }, true],
    [10, all(adultCodes, 'needs_assistance'), true],
  ] as const)('with %i outcomes not achieved, the outcomes condition met is %s', (count, outcomes, met) => {
    const result = determineEligibility(adult({ outcomes }))
    expect(result.outcomesNotAchieved).toHaveLength(count)
    expect(result.conditions[1]?.met).toBe(met)
    expect(result.eligible).toBe(met)
  })

  it('names the outcomes not achieved in the order of the regulation', () => {
    const result = determineEligibility(
      adult({
        outcomes: {
          caring_for_child: ['needs_assistance'],
          toilet_needs: ['needs_assistance'],
          nutrition: ['needs_assistance'],
        },
      }),
    )
    expect(result.outcomesNotAchieved).toEqual(['nutrition', 'toilet_needs', 'caring_for_child'])
    expect(result.conditions[1]?.reason).toBe(
      'The person is unable to achieve 3 of the specified outcomes (at least 2 are needed): managing and maintaining nutrition; managing toilet needs; carrying out any caring responsibilities the adult has for a child.',
    )
  })

  it.each(difficultyCodes)('counts %s alone as being unable to achieve an outcome', (difficulty) => {
    const result = determineEligibility(
      adult({ outcomes: { clothing: [difficulty], home_safety: [difficulty] } }),
    )
    expect(result.eligible).toBe(true)
    expect(result.outcomesNotAchieved).toEqual(['clothing', 'home_safety'])
    const label = DIFFICULTIES.find((d) => d.code === difficulty)?.label ?? ''
    expect(result.outcomes[3]?.reason).toBe(
      `The person is unable to achieve this outcome: ${lowerFirst(label)}.`,
    )
  })

  it.each([
    ['both empty', { nutrition: [], personal_hygiene: [] }, []],
    ['one empty', { nutrition: ['needs_assistance'], personal_hygiene: [] }, ['nutrition']],
    ['all ten empty', Object.fromEntries(adultCodes.map((c) => [c, []])), []],
  ] as const)('treats an empty list of difficulties as achieved (%s)', (_name, outcomes, notAchieved) => {
    const result = determineEligibility(adult({ outcomes }))
    expect(result.outcomesNotAchieved).toEqual(notAchieved)
    expect(result.eligible).toBe(false)
  })

  it('lists every specified outcome once, in order, with its label', () => {
    const result = determineEligibility(adult())
    expect(result.outcomes.map((o) => [o.code, o.label])).toEqual(
      ADULT_OUTCOMES.map((o) => [o.code, o.label]),
    )
    expect(result.outcomes[2]).toEqual({
      code: 'toilet_needs',
      label: 'Managing toilet needs',
      achieved: true,
      difficulties: [],
      reason: 'No difficulty is recorded, so the person is treated as able to achieve this outcome.',
    })
  })

  it('records each difficulty once, in a fixed order', () => {
    const result = determineEligibility(
      adult({
        outcomes: { nutrition: ['takes_significantly_longer', 'needs_assistance', 'needs_assistance'] },
      }),
    )
    expect(result.outcomes[0]?.difficulties).toEqual(['needs_assistance', 'takes_significantly_longer'])
  })
})

describe('carers: regulation 3', () => {
  it.each([
    ['health at risk and no outcome', { carerHealthAtRisk: true, outcomes: {} }, true],
    [
      'one outcome and no health risk',
      { carerHealthAtRisk: false, outcomes: { nutrition: ['needs_assistance'] } },
      true,
    ],
    ['health at risk and all eight outcomes', { outcomes: all(carerCodes, 'needs_assistance') }, true],
    ['neither health at risk nor any outcome', { carerHealthAtRisk: false, outcomes: {} }, false],
    ['needs not from caring', { needsFromCaring: false }, false],
    ['well-being not significantly affected', { wellbeingSignificantlyAffected: false }, false],
    [
      'empty lists and no health risk',
      { carerHealthAtRisk: false, outcomes: { nutrition: [], recreation: [] } },
      false,
    ],
  ] as const)('%s: eligible is %s', (_name, overrides, eligible) => {
    expect(determineEligibility(carer(overrides)).eligible).toBe(eligible)
  })

  it.each([
    [{ needsFromCaring: false }, 'needs_arise_from_providing_care'],
    [{ carerHealthAtRisk: false, outcomes: {} }, 'health_at_risk_or_outcome_not_achieved'],
    [{ wellbeingSignificantlyAffected: false }, 'significant_impact_on_wellbeing'],
  ] as const)('fails only the condition that is not met (%o)', (overrides, failing) => {
    expect(unmet(carer(overrides))).toEqual([failing])
  })

  it.each(['needs_assistance', 'significant_pain_distress_anxiety', 'endangers_health_safety'] as const)(
    'counts %s alone for a carer with no risk to health',
    (difficulty) => {
      const result = determineEligibility(
        carer({ carerHealthAtRisk: false, outcomes: { caring_for_others: [difficulty] } }),
      )
      expect(result.eligible).toBe(true)
      expect(result.outcomesNotAchieved).toEqual(['caring_for_others'])
    },
  )

  // Reg 3(3) has no limb for taking significantly longer, unlike reg 2(3)(d).
  it('does not count taking significantly longer for a carer', () => {
    const result = determineEligibility(
      carer({ carerHealthAtRisk: false, outcomes: { nutrition: ['takes_significantly_longer'] } }),
    )
    expect(result.eligible).toBe(false)
    expect(result.outcomesNotAchieved).toEqual([])
    expect(result.outcomes[3]).toMatchObject({
      code: 'nutrition',
      achieved: true,
      difficulties: ['takes_significantly_longer'],
    })
    expect(result.outcomes[3]?.reason).toMatch(/regulation 3\(3\)/)
  })

  it('explains the decision in plain English', () => {
    const result = determineEligibility(
      carer({ carerHealthAtRisk: false, outcomes: { recreation: ['significant_pain_distress_anxiety'] } }),
    )
    expect(result.conditions.map((c) => c.code)).toEqual([
      'needs_arise_from_providing_care',
      'health_at_risk_or_outcome_not_achieved',
      'significant_impact_on_wellbeing',
    ])
    expect(result.reasons).toEqual([
      'The needs arise as a consequence of providing necessary care for an adult.',
      "The carer's physical or mental health is not, and is not at risk of, deteriorating. The carer is unable to achieve 1 of the specified outcomes (1 is enough): engaging in recreational activities.",
      "As a consequence there is, or is likely to be, a significant impact on the carer's well-being.",
      "The carer's needs are eligible because all three conditions in regulation 3 are met.",
    ])
    expect(result.outcomes[7]?.reason).toBe(
      'The carer is unable to achieve this outcome: achieving it without assistance causes the carer significant pain, distress or anxiety.',
    )
  })

  it('says why a carer is not eligible', () => {
    const result = determineEligibility(
      carer({ needsFromCaring: false, carerHealthAtRisk: false, outcomes: {} }),
    )
    expect(result.conditions[1]?.reason).toBe(
      "The carer's physical or mental health is not, and is not at risk of, deteriorating. The carer is able to achieve all of the specified outcomes. One or the other is needed.",
    )
    expect(result.reasons.at(-1)).toBe(
      "The carer's needs are not eligible because the needs do not arise from providing necessary care for an adult; and the carer's health is not deteriorating or at risk, and the carer is able to achieve all of the specified outcomes.",
    )
  })

  it('lists every carer outcome once, in order', () => {
    const result = determineEligibility(carer())
    expect(result.outcomes.map((o) => o.code)).toEqual(carerCodes)
  })
})

describe('validating codes', () => {
  it.each([
    ['needs', 'nutrition', true],
    ['needs', 'caring_for_child', true],
    ['needs', 'recreation', false],
    ['needs', 'caring_for_others', false],
    ['carer', 'recreation', true],
    ['carer', 'caring_for_others', true],
    ['carer', 'personal_hygiene', false],
    ['carer', 'NUTRITION', false],
    ['carer', '', false],
  ] as const)('isOutcomeCode(%s, %s) is %s', (kind, code, expected) => {
    expect(isOutcomeCode(kind, code)).toBe(expected)
  })

  it.each([
    ...difficultyCodes.map((code) => [code, true] as const),
    ['tired', false],
    ['', false],
    ['toString', false],
  ] as const)('isDifficulty(%s) is %s', (code, expected) => {
    expect(isDifficulty(code)).toBe(expected)
  })

  it.each([
    [
      'a carer outcome in an adult assessment',
      adult({ outcomes: { recreation: ['needs_assistance'] } as never }),
    ],
    [
      'a personal-care outcome in a carer assessment',
      carer({ outcomes: { toilet_needs: ['needs_assistance'] } as never }),
    ],
    ['an unknown difficulty', adult({ outcomes: { nutrition: ['tired' as Difficulty] } })],
  ])('refuses %s rather than guess', (_name, input) => {
    expect(() => determineEligibility(input)).toThrow(RangeError)
  })
})

describe('summariseEligibility', () => {
  it.each([
    [adult(), 'Eligible (regulation 2): all conditions met; 2 of 10 specified outcomes not achieved.'],
    [
      adult({ outcomes: { nutrition: ['needs_assistance'] } }),
      'Not eligible (regulation 2): the person is unable to achieve only 1 of the specified outcomes (at least 2 are needed).',
    ],
    [
      adult({ impairmentOrIllness: false, wellbeingSignificantlyAffected: false }),
      "Not eligible (regulation 2): the needs do not arise from a physical or mental impairment or illness; there is no significant impact, actual or likely, on the person's well-being.",
    ],
    [
      carer({ outcomes: {} }),
      'Eligible (regulation 3): all conditions met; 0 of 8 specified outcomes not achieved.',
    ],
    [
      carer({ needsFromCaring: false }),
      'Not eligible (regulation 3): the needs do not arise from providing necessary care for an adult.',
    ],
  ])('summarises in one line', (input, expected) => {
    const summary = summariseEligibility(determineEligibility(input))
    expect(summary).toBe(expected)
    expect(summary).not.toContain('\n')
  })
})

describe('properties', () => {
  const difficultiesArb = fc.array(fc.constantFrom(...difficultyCodes), { maxLength: 5 })
  const outcomesArb = <C extends string>(codes: readonly C[]) =>
    fc.record(
      Object.fromEntries(codes.map((c) => [c, difficultiesArb])) as Record<C, fc.Arbitrary<Difficulty[]>>,
      {
        requiredKeys: [],
      },
    ) as fc.Arbitrary<Partial<Record<C, Difficulty[]>>>
  const adultArb: fc.Arbitrary<AdultEligibilityInput> = fc.record({
    kind: fc.constant('needs' as const),
    impairmentOrIllness: fc.boolean(),
    outcomes: outcomesArb<AdultOutcome>(adultCodes),
    wellbeingSignificantlyAffected: fc.boolean(),
  })
  const carerArb: fc.Arbitrary<CarerEligibilityInput> = fc.record({
    kind: fc.constant('carer' as const),
    needsFromCaring: fc.boolean(),
    carerHealthAtRisk: fc.boolean(),
    outcomes: outcomesArb<CarerOutcome>(carerCodes),
    wellbeingSignificantlyAffected: fc.boolean(),
  })
  const inputArb: fc.Arbitrary<EligibilityInput> = fc.oneof(adultArb, carerArb)

  function withDifficulty(input: EligibilityInput, pick: number, difficulty: Difficulty): EligibilityInput {
    const codes: readonly string[] = input.kind === 'needs' ? adultCodes : carerCodes
    const code = codes[pick % codes.length] as string
    const outcomes: Partial<Record<string, readonly Difficulty[]>> = { ...input.outcomes }
    outcomes[code] = [...(outcomes[code] ?? []), difficulty]
    return { ...input, outcomes } as EligibilityInput
  }

  it('(a) adding a difficulty never makes eligible needs ineligible', () => {
    fc.assert(
      fc.property(inputArb, fc.nat(), fc.constantFrom(...difficultyCodes), (input, pick, difficulty) => {
        const before = determineEligibility(input)
        const after = determineEligibility(withDifficulty(input, pick, difficulty))
        if (before.eligible) expect(after.eligible).toBe(true)
        expect(after.outcomesNotAchieved.length).toBeGreaterThanOrEqual(before.outcomesNotAchieved.length)
      }),
    )
  })

  it('(b) without a significant impact on well-being nobody is eligible', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        expect(determineEligibility({ ...input, wellbeingSignificantlyAffected: false }).eligible).toBe(false)
      }),
    )
  })

  it('(c) outcomesNotAchieved always matches the outcomes list', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = determineEligibility(input)
        const list = input.kind === 'needs' ? adultCodes : carerCodes
        expect(result.outcomes.map((o) => o.code)).toEqual(list)
        expect(result.outcomesNotAchieved).toEqual(
          result.outcomes.filter((o) => !o.achieved).map((o) => o.code),
        )
      }),
    )
  })

  it('decides exactly as the regulation reads', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const recorded = input.outcomes as Partial<Record<string, readonly Difficulty[]>>
        // Reg 3(3) has no "takes significantly longer" limb.
        const counts = (d: Difficulty) => input.kind === 'needs' || d !== 'takes_significantly_longer'
        const notAchieved = Object.values(recorded).filter((ds) => (ds ?? []).some(counts)).length
        const expected =
          input.kind === 'needs'
            ? input.impairmentOrIllness && notAchieved >= 2 && input.wellbeingSignificantlyAffected
            : input.needsFromCaring &&
              (input.carerHealthAtRisk || notAchieved >= 1) &&
              input.wellbeingSignificantlyAffected
        const result = determineEligibility(input)
        expect(result.eligible).toBe(expected)
        expect(result.eligible).toBe(result.conditions.every((c) => c.met))
        expect(result.reasons).toHaveLength(4)
      }),
    )
  })
})

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}
