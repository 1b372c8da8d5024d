import { describe, expect, it } from 'vitest'
import { penceFromPounds, poundsForForm } from './money-input.ts'

describe('penceFromPounds', () => {
  it.each([
    ['24.50', 2450],
    ['24.5', 2450],
    ['£24', 2400],
    ['£ 1,250.99', 125099],
    ['1,000,000', 100_000_000],
    ['0', 0],
    ['0.01', 1],
    [' 7 ', 700],
    ['12.345', undefined],
    ['-5', undefined],
    ['1,00', undefined],
    ['ten', undefined],
    ['', undefined],
    [undefined, undefined],
    [12, undefined],
  ])('%j → %j', (input, expected) => {
    expect(penceFromPounds(input)).toBe(expected)
  })
})

describe('poundsForForm', () => {
  it.each([
    [125050, '1250.50'],
    [1, '0.01'],
    [null, ''],
  ])('%j → %j', (input, expected) => {
    expect(poundsForForm(input)).toBe(expected)
  })
})
