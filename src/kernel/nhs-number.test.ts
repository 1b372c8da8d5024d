import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatNhsNumber, isValidNhsNumber, makeNhsNumber, normaliseNhsNumber } from './nhs-number.ts'

describe('normaliseNhsNumber', () => {
  it.each([
    ['9434765919', '9434765919'],
    ['943 476 5919', '9434765919'],
    ['943-476-5919', '9434765919'],
    [' 943  476\t5919 ', '9434765919'],
    ['943 476-5919', '9434765919'],
    // Normalising does not judge the check digit
    ['1234567890', '1234567890'],
    ['943476591', undefined],
    ['94347659190', undefined],
    ['943476591X', undefined],
    ['943.476.5919', undefined],
    ['', undefined],
  ])('%j → %j', (input, expected) => {
    expect(normaliseNhsNumber(input)).toBe(expected)
  })
})

describe('isValidNhsNumber', () => {
  it.each([
    ['9434765919'],
    ['943 476 5919'],
    ['943-476-5919'],
    ['4010232137'],
    ['9990000026'],
    ['4857773457'],
    // Sum divisible by 11, so 11 − 0 = 11 becomes check digit 0
    ['9876543210'],
  ])('%s is valid', (input) => {
    expect(isValidNhsNumber(input)).toBe(true)
  })

  it.each([
    ['9434765918', 'wrong check digit'],
    ['4010232138', 'wrong check digit'],
    ['9990000025', 'wrong check digit'],
    ['1234567890', 'check digit would be 10'],
    ['1234567891', 'check digit would be 10'],
    ['1000000010', 'check digit would be 10'],
    ['1000000015', 'check digit would be 10'],
    ['943476591', 'nine digits'],
    ['94347659190', 'eleven digits'],
    ['943476591A', 'a letter'],
    ['ABCDEFGHIJ', 'letters'],
    ['', 'empty'],
  ])('%s is invalid (%s)', (input) => {
    expect(isValidNhsNumber(input)).toBe(false)
  })
})

describe('formatNhsNumber', () => {
  it.each([
    ['9434765919', '943 476 5919'],
    ['943-476-5919', '943 476 5919'],
    ['943 476 5919', '943 476 5919'],
    ['12345', '12345'],
  ])('%j → %j', (input, expected) => {
    expect(formatNhsNumber(input)).toBe(expected)
  })
})

describe('makeNhsNumber', () => {
  it.each([
    ['943476591', '9434765919'],
    ['401023213', '4010232137'],
    ['999000002', '9990000026'],
    ['987654321', '9876543210'],
    ['123456789', undefined],
    ['100000001', undefined],
    ['12345678', undefined],
    ['1234567890', undefined],
    ['12345678A', undefined],
  ])('%j → %j', (first9, expected) => {
    expect(makeNhsNumber(first9)).toBe(expected)
  })
})

describe('NHS number properties', () => {
  const nineDigits = fc.stringMatching(/^\d{9}$/)

  it('every number makeNhsNumber makes is valid', () => {
    fc.assert(
      fc.property(nineDigits, (first9) => {
        const made = makeNhsNumber(first9)
        return made === undefined || isValidNhsNumber(made)
      }),
    )
  })

  it('changing any one digit of a valid number makes it invalid', () => {
    const validNumber = nineDigits
      .map((first9) => makeNhsNumber(first9))
      .filter((made): made is string => made !== undefined)
    fc.assert(
      fc.property(
        validNumber,
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        (valid, position, shift) => {
          const changed = (Number(valid[position]) + shift) % 10
          const mutated = `${valid.slice(0, position)}${changed}${valid.slice(position + 1)}`
          return !isValidNhsNumber(mutated)
        },
      ),
    )
  })
})
