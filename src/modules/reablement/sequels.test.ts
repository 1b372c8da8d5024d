import { describe, expect, it } from 'vitest'
import { EVENT_OUTCOMES } from '../../kernel/code-lists/cld.ts'
import {
  ascof2aCount,
  LT_COMMUNITY,
  ST_LOW_LEVEL,
  ST_OTHER,
  UNCONCLUDED_OUTCOMES,
} from '../measures/rules.ts'
import { SEQUEL_CODES, SEQUELS, sequelFor } from './sequels.ts'

describe('reablement sequels', () => {
  it.each([
    ['no_ongoing_support', 'NFA: Support ended as planned', false, false, 'numerator', true],
    ['ongoing_low_level', 'NFA: Support ended as planned', true, false, 'numerator', true],
    ['information_and_advice', 'NFA: Information and advice or signposting', false, false, 'numerator', true],
    ['other_short_term', 'Progress to support planning or services', false, false, 'numerator', false],
    ['long_term_support', 'Progress to support planning or services', false, true, 'denominator only', false],
    ['moved_away', 'NFA: Responsibility moved to another local authority', false, false, 'numerator', true],
    ['admitted_to_hospital', 'Admitted to hospital', false, false, 'excluded', true],
    ['died', 'NFA: Deceased', false, false, 'excluded', true],
    [
      'nhs_funded_care',
      'NFA: Referral to NHS services or NHS funded social care',
      false,
      false,
      'excluded',
      true,
    ],
    ['self_funding', 'NFA: Self-funded client or under 12wk disregard', false, false, 'excluded', true],
    ['declined', 'NFA: Support declined', false, false, 'excluded', true],
    ['ended_other_reason', 'NFA: Support ended for other reason', false, false, 'numerator', true],
  ] as const)('%s ends the Service event with “%s”', (code, outcome, lowLevel, longTerm, ascof2a, closes) => {
    expect(sequelFor(code)).toMatchObject({
      eventOutcome: outcome,
      ongoingLowLevelSupport: lowLevel,
      longTermSupport: longTerm,
      ascof2a,
      closesRequest: closes,
    })
  })

  it('has a row in the table above for every sequel', () => {
    expect(SEQUEL_CODES).toHaveLength(12)
    expect(new Set(SEQUEL_CODES).size).toBe(SEQUELS.length)
    expect(new Set(SEQUELS.map((s) => s.label)).size).toBe(SEQUELS.length)
  })

  it('uses only CLD Release 2 event outcomes', () => {
    for (const sequel of SEQUELS) expect(EVENT_OUTCOMES).toContain(sequel.eventOutcome)
  })

  // The national pipeline reads a concluding outcome directly; for the rest
  // it reads the service that follows. Either way it must agree with us.
  it.each(SEQUELS.map((s) => [s.code, s] as const))(
    '%s counts in ASCOF 2A as the national rules count it',
    (_code, sequel) => {
      const concludes = !(UNCONCLUDED_OUTCOMES as readonly string[]).includes(sequel.eventOutcome)
      const following = sequel.longTermSupport
        ? LT_COMMUNITY
        : sequel.code === 'other_short_term'
          ? ST_OTHER
          : undefined
      if (concludes) {
        expect(following).toBeUndefined()
        expect(ascof2aCount(sequel.eventOutcome)).toBe(sequel.ascof2a)
      } else {
        expect(following).toBeDefined()
        expect(ascof2aCount(following as string)).toBe(sequel.ascof2a)
      }
      if (sequel.ongoingLowLevelSupport) expect(ascof2aCount(ST_LOW_LEVEL)).toBe(sequel.ascof2a)
    },
  )

  it('keeps the request open only when more support is to be arranged', () => {
    const open = SEQUELS.filter((s) => !s.closesRequest).map((s) => s.code)
    expect(open).toEqual(['other_short_term', 'long_term_support'])
  })

  it('knows no other codes', () => {
    expect(sequelFor('retired')).toBeUndefined()
    expect(sequelFor(null)).toBeUndefined()
  })
})
