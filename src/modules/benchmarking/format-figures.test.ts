import { describe, expect, it } from 'vitest'
import { formatContext, formatCount, formatValue, ordinal } from './format-figures.ts'

describe('formatValue', () => {
  it.each([
    ['percent', 41.666, '41.7%'],
    ['per 100,000', 506.25, '506.3 per 100,000'],
    ['per 1,000', 12, '12.0 per 1,000'],
    ['pounds per person', 12345.6, '£12,346'],
    ['days', 23.25, '23.3 days'],
    ['ratio', 2.5, '2.50'],
    ['percent', null, 'No value'],
  ])('%s %s is %s', (unit, value, text) => {
    expect(formatValue(unit, value)).toBe(text)
  })
})

describe('formatCount and formatContext', () => {
  it.each([
    [1205, '1,205'],
    [null, 'Suppressed'],
  ])('count %s is %s', (count, text) => {
    expect(formatCount(count)).toBe(text)
  })
  it.each([
    ['population65plus', 61235, '61,235'],
    ['deprivationScore', 21.34, '21.3'],
    ['ruralPercent', null, 'Not given'],
  ])('%s %s is %s', (variable, value, text) => {
    expect(formatContext(variable, value)).toBe(text)
  })
})

describe('ordinal', () => {
  it.each([
    [1, '1st'],
    [2, '2nd'],
    [3, '3rd'],
    [4, '4th'],
    [11, '11th'],
    [12, '12th'],
    [13, '13th'],
    [21, '21st'],
    [22, '22nd'],
    [23, '23rd'],
    [101, '101st'],
    [111, '111th'],
  ])('%i is %s', (n, text) => {
    expect(ordinal(n)).toBe(text)
  })
})
