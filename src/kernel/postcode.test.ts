import { describe, expect, it } from 'vitest'
import { isValidPostcode, normalisePostcode, postcodeDistrict, postcodeSector } from './postcode.ts'

describe('normalisePostcode', () => {
  it.each([
    // Every outward pattern
    ['M1 1AE', 'M1 1AE', 'A9'],
    ['B33 8TH', 'B33 8TH', 'A99'],
    ['CR2 6XH', 'CR2 6XH', 'AA9'],
    ['DN55 1PT', 'DN55 1PT', 'AA99'],
    ['W1A 0AX', 'W1A 0AX', 'A9A'],
    ['EC1A 1BB', 'EC1A 1BB', 'AA9A'],
    ['GIR 0AA', 'GIR 0AA', 'Girobank special case'],
    // Tidying
    ['sw1a1aa', 'SW1A 1AA', 'no space, lower case'],
    ['  SW1A   1AA ', 'SW1A 1AA', 'extra spaces'],
    ['S W1A1 AA', 'SW1A 1AA', 'space in the wrong place'],
    ['m11ae', 'M1 1AE', 'shortest form without a space'],
    ['gir0aa', 'GIR 0AA', 'GIR without a space'],
  ])('%j → %j (%s)', (input, expected) => {
    expect(normalisePostcode(input)).toBe(expected)
  })

  it.each([
    ['', 'empty'],
    ['SW1A', 'outward code only'],
    ['SW1A 1AAA', 'too long'],
    ['1W1A 1AA', 'starts with a digit'],
    ['SWAA 1AA', 'no district digit'],
    ['SW1A AAA', 'inward code starts with a letter'],
    ['SW1A 11A', 'inward code has two digits'],
    ['GIR 0AB', 'GIR with another inward code'],
    ['SW1A-1AA', 'hyphen'],
  ])('%j is invalid (%s)', (input) => {
    expect(normalisePostcode(input)).toBeUndefined()
  })
})

describe('isValidPostcode: position rules', () => {
  it.each(['Q', 'V', 'X'])('position 1 cannot be %s', (letter) => {
    expect(isValidPostcode(`${letter}1 1AA`)).toBe(false)
    expect(isValidPostcode(`${letter}A1 1AA`)).toBe(false)
  })

  it.each(['A', 'B', 'P', 'R', 'W', 'Y', 'Z'])('position 1 can be %s', (letter) => {
    expect(isValidPostcode(`${letter}1 1AA`)).toBe(true)
  })

  it.each(['I', 'J', 'Z'])('position 2 cannot be %s', (letter) => {
    expect(isValidPostcode(`A${letter}1 1AA`)).toBe(false)
  })

  it.each(['A', 'H', 'K', 'Y'])('position 2 can be %s', (letter) => {
    expect(isValidPostcode(`A${letter}1 1AA`)).toBe(true)
  })

  it.each([...'ABCDEFGHJKSTUW'])('position 3 of A9A can be %s', (letter) => {
    expect(isValidPostcode(`W1${letter} 1AA`)).toBe(true)
  })

  it.each([...'ILMNOPQRVXYZ'])('position 3 of A9A cannot be %s', (letter) => {
    expect(isValidPostcode(`W1${letter} 1AA`)).toBe(false)
  })

  it.each([...'ABEHMNPRVWXY'])('position 4 of AA9A can be %s', (letter) => {
    expect(isValidPostcode(`EC1${letter} 1BB`)).toBe(true)
  })

  it.each([...'CDFGIJKLOQSTUZ'])('position 4 of AA9A cannot be %s', (letter) => {
    expect(isValidPostcode(`EC1${letter} 1BB`)).toBe(false)
  })

  it.each([...'CIKMOV'])('the inward letters cannot be %s', (letter) => {
    expect(isValidPostcode(`SW1A 1${letter}A`)).toBe(false)
    expect(isValidPostcode(`SW1A 1A${letter}`)).toBe(false)
  })

  it.each([...'ABDEFGHJLNPQRSTUWXYZ'])('the inward letters can be %s', (letter) => {
    expect(isValidPostcode(`SW1A 1${letter}${letter}`)).toBe(true)
  })
})

describe('postcodeSector', () => {
  it.each([
    ['SW1A 1AA', 'SW1A 1'],
    ['m11ae', 'M1 1'],
    ['dn55 1pt', 'DN55 1'],
    ['GIR 0AA', 'GIR 0'],
    ['not a postcode', undefined],
  ])('%j → %j', (input, expected) => {
    expect(postcodeSector(input)).toBe(expected)
  })
})

describe('postcodeDistrict', () => {
  it.each([
    ['DN1', 'DN1'],
    [' dn4 ', 'DN4'],
    ['SW1A', 'SW1A'],
    ['W1', 'W1'],
    ['M60', 'M60'],
    ['EC1A', 'EC1A'],
    ['DN4 5AB', 'DN4'],
    ['dn45ab', 'DN4'],
    ['SW1A 1AA', 'SW1A'],
    ['GIR 0AA', undefined],
    ['Q1', undefined],
    ['DNX', undefined],
    ['DN1 2', undefined],
    ['', undefined],
  ])('%j → %j', (input, expected) => {
    expect(postcodeDistrict(input)).toBe(expected)
  })
})
