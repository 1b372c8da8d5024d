/**
 * NHS numbers: ten digits, the last a Modulus 11 check digit over the first nine.
 *
 * People type them with spaces ('943 476 5919') or hyphens, so every function
 * here accepts either and works on the bare digits.
 */

// Digit 1 carries weight 10, digit 9 weight 2.
const WEIGHTS = [10, 9, 8, 7, 6, 5, 4, 3, 2] as const

/**
 * Strips spaces and hyphens; returns the ten digits, or undefined if what is
 * left is not exactly ten digits. Does not check the check digit.
 *
 * @example
 * normaliseNhsNumber('943 476 5919') // '9434765919'
 * normaliseNhsNumber('943-476-591') // undefined
 */
export function normaliseNhsNumber(input: string): string | undefined {
  const digits = input.replace(/[\s-]/g, '')
  return /^\d{10}$/.test(digits) ? digits : undefined
}

/**
 * The check digit for nine leading digits, or undefined when Modulus 11 gives
 * 10: no NHS number is issued with those nine digits.
 */
function checkDigit(first9: string): number | undefined {
  let sum = 0
  for (let i = 0; i < 9; i++) sum += Number(first9[i]) * (WEIGHTS[i] ?? 0)
  const check = 11 - (sum % 11)
  if (check === 11) return 0
  if (check === 10) return undefined
  return check
}

/**
 * True when the input, after normalising, is ten digits whose last digit is
 * the Modulus 11 check digit of the first nine.
 *
 * @example
 * isValidNhsNumber('943 476 5919') // true
 * isValidNhsNumber('9434765918') // false
 */
export function isValidNhsNumber(input: string): boolean {
  const digits = normaliseNhsNumber(input)
  if (digits === undefined) return false
  const check = checkDigit(digits.slice(0, 9))
  return check !== undefined && check === Number(digits[9])
}

/**
 * Formats ten digits in the 3-3-4 grouping people read aloud. Anything that
 * does not normalise to ten digits is returned unchanged, so a form can show
 * back what was typed.
 *
 * @example
 * formatNhsNumber('9434765919') // '943 476 5919'
 */
export function formatNhsNumber(digits: string): string {
  const normalised = normaliseNhsNumber(digits)
  if (normalised === undefined) return digits
  return `${normalised.slice(0, 3)} ${normalised.slice(3, 6)} ${normalised.slice(6)}`
}

/**
 * Appends the check digit to nine digits, making a valid NHS number; undefined
 * when the nine digits are not nine digits or cannot carry a check digit.
 * Used to make synthetic people whose numbers pass validation.
 *
 * @example
 * makeNhsNumber('943476591') // '9434765919'
 * makeNhsNumber('123456789') // undefined (the check digit would be 10)
 */
export function makeNhsNumber(first9: string): string | undefined {
  if (!/^\d{9}$/.test(first9)) return undefined
  const check = checkDigit(first9)
  return check === undefined ? undefined : `${first9}${check}`
}
