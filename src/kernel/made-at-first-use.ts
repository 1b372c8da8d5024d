/**
 * A value made the first time it is asked for, then kept. For Intl
 * formatters: the first one a process makes loads ICU's locale data, some
 * 20 ms that every start spent as the modules holding formatters loaded,
 * before any page had shown a date or an amount.
 *
 * @example
 * const pounds = madeAtFirstUse(() => new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' }))
 * pounds().format(12.5) // '£12.50'
 */
export function madeAtFirstUse<T>(make: () => T): () => T {
  let made: T | undefined
  return () => {
    made ??= make()
    return made
  }
}
