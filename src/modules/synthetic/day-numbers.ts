/**
 * Days as whole numbers (days since 1970-01-01, UTC), as the synthetic
 * generators count them: a history is drawn day by day, and numbers add and
 * compare where ISO dates would need parsing each time.
 */

export const DAY_MS = 86_400_000

/** The day number of an ISO date (or of a timestamp's date). */
export const dayOf = (iso: string) => Math.round(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY_MS)

/** The ISO date of a day number. */
export const isoOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10)

/** A timestamp on a day, `minuteOfDay` minutes after midnight (UTC). */
export const stampOf = (day: number, minuteOfDay: number) =>
  new Date(day * DAY_MS + minuteOfDay * 60_000).toISOString()
