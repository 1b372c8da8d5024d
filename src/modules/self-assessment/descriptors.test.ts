import { describe, expect, it } from 'vitest'
import { AREA_MEASURES, measureCodesFor } from './area-measures.ts'
import { AREA_DESCRIPTIONS, AREAS, isArea, SCORE_LABELS, SCORES } from './descriptors.ts'

describe('the six areas', () => {
  it('are the ones the self-assessment scores, in order', () => {
    expect(AREAS.map((area) => AREA_DESCRIPTIONS[area].title)).toEqual([
      'Prevention',
      'Recovery',
      'Long-term support',
      'Business processes',
      'Partnership working',
      'Engagement of people and the public',
    ])
  })

  it.each(AREAS)('%s says what each score from 0 to 3 looks like, each in its own words', (area) => {
    const levels = SCORES.map((score) => AREA_DESCRIPTIONS[area].levels[score])
    expect(levels.every((text) => text.length > 80 && text.length < 400)).toBe(true)
    expect(new Set(levels).size).toBe(4)
    expect(AREA_DESCRIPTIONS[area].area).toBe(area)
  })

  it('labels the scale from below the minimum to performing strongly', () => {
    expect(SCORES.map((score) => SCORE_LABELS[score])).toEqual([
      'Below the minimum',
      'Adequate',
      'Performing well',
      'Performing strongly',
    ])
  })

  it.each([
    ['prevention', true],
    ['long-term-support', true],
    ['engagement', true],
    ['finance', false],
    ['', false],
  ])('isArea(%j) is %s', (value, expected) => {
    expect(isArea(value)).toBe(expected)
  })
})

describe('the measures that evidence each area', () => {
  it.each(AREAS)('%s has at least two, none twice, each with a reason', (area) => {
    const codes = measureCodesFor(area)
    expect(codes.length).toBeGreaterThanOrEqual(2)
    expect(new Set(codes).size).toBe(codes.length)
    expect(AREA_MEASURES[area].every((m) => m.why.endsWith('.'))).toBe(true)
  })
})
