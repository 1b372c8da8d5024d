/**
 * UK postcodes, checked against the BS7666 pattern: an outward code (area and
 * district) and an inward code (sector digit and two unit letters).
 *
 * The check is of shape only: a postcode can pass and still not exist.
 */

// Position letters differ by place because Royal Mail keeps some letters out
// of some positions (to avoid confusion with digits and with each other).
const POS1 = '[A-PR-UWYZ]' // not Q, V, X
const POS2 = '[A-HK-Y]' // not I, J, Z
const POS3_A9A = '[ABCDEFGHJKSTUW]'
const POS4_AA9A = '[ABEHMNPRVWXY]'
const INWARD_LETTER = '[ABD-HJLNP-UW-Z]' // not C, I, K, M, O, V

const OUTWARD = [
  `${POS1}\\d`, // A9
  `${POS1}\\d\\d`, // A99
  `${POS1}${POS2}\\d`, // AA9
  `${POS1}${POS2}\\d\\d`, // AA99
  `${POS1}\\d${POS3_A9A}`, // A9A
  `${POS1}${POS2}\\d${POS4_AA9A}`, // AA9A
].join('|')

const POSTCODE = new RegExp(`^(?:(?:${OUTWARD}) \\d${INWARD_LETTER}{2}|GIR 0AA)$`)
const DISTRICT = new RegExp(`^(?:${OUTWARD})$`)

/**
 * Uppercases, collapses spaces, and puts a single space before the three-
 * character inward code; returns undefined if the result is not a valid
 * postcode.
 *
 * @example
 * normalisePostcode(' sw1a1aa ') // 'SW1A 1AA'
 * normalisePostcode('QA1 1AA') // undefined (Q cannot start a postcode)
 */
export function normalisePostcode(input: string): string | undefined {
  const compact = input.toUpperCase().replace(/\s+/g, '')
  if (compact.length < 5 || compact.length > 7) return undefined
  const spaced = `${compact.slice(0, -3)} ${compact.slice(-3)}`
  return POSTCODE.test(spaced) ? spaced : undefined
}

/**
 * True when the input normalises to a valid postcode.
 *
 * @example
 * isValidPostcode('gir 0aa') // true
 * isValidPostcode('SW1A 1CA') // false (C is not used in the inward code)
 */
export function isValidPostcode(input: string): boolean {
  return normalisePostcode(input) !== undefined
}

/**
 * The postcode sector (outward code, space, sector digit): all that Client
 * Level Data keeps of a person's postcode. Undefined for an invalid postcode.
 *
 * @example
 * postcodeSector('sw1a 1aa') // 'SW1A 1'
 */
export function postcodeSector(postcode: string): string | undefined {
  const normalised = normalisePostcode(postcode)
  return normalised === undefined ? undefined : normalised.slice(0, -2)
}

/**
 * A postcode district (the outward code: area and district), uppercased;
 * undefined when it is not one.
 *
 * @example
 * postcodeDistrict(' dn1 ') // 'DN1'
 * postcodeDistrict('DN1 2AB') // 'DN1' (the district of a whole postcode)
 * postcodeDistrict('Q1') // undefined
 */
export function postcodeDistrict(input: string): string | undefined {
  const whole = normalisePostcode(input)
  if (whole) return whole === 'GIR 0AA' ? undefined : whole.slice(0, -4)
  // A district has no space: 'DN1 2' is a sector, not DN12.
  const outward = input.trim().toUpperCase()
  return DISTRICT.test(outward) ? outward : undefined
}
