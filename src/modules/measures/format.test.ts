import { describe, expect, it } from 'vitest'
import { formatCount, formatValue, headlineValue } from './format.ts'

describe('formatting measures', () => {
  it.each([
    [57.142857, 'percent', '57.1%'],
    [6, 'per 100,000', '6.0'],
    [40, 'days', '40.0 days'],
    [1366.6666, 'pounds per person', '£1,366.67'],
    [0.5, 'ratio', '0.5'],
    [null, 'percent', 'No value'],
  ] as const)('%s %s is written %s', (value, unit, text) => {
    expect(formatValue(value, unit)).toBe(text)
  })

  it.each([
    [40600, 'pounds per person', 'numerator', '', '£40,600.00'],
    [3, 'pounds per person', 'denominator', '', '3'],
    [37500, 'percent', 'denominator', 'RESIDENTIAL-SPEND-SHARE', '£37,500.00'],
    [1234, 'percent', 'numerator', '', '1,234'],
    [null, 'percent', 'numerator', '', '—'],
  ] as const)('%s (%s %s %s) is written %s', (count, unit, part, code, text) => {
    expect(formatCount(count, unit, part, code)).toBe(text)
  })

  it.each([
    [43, 'days', '43.0 days (median)'],
    [57.142857, 'percent', '57.1%'],
    [612.3, 'per 100,000', '612.3 (per 100,000 population)'],
    [1366.6666, 'pounds per person', '£1,366.67 (per person)'],
    [0.5, 'ratio', '0.5'],
    [null, 'days', 'No value'],
  ] as const)('a headline writes %s %s as %s', (value, unit, text) => {
    expect(headlineValue(value, unit)).toBe(text)
  })
})
