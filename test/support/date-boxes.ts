/**
 * A GOV.UK date input's three boxes, as a page form posts them (any text,
 * so tests can post dates that are wrong).
 *
 * @example
 * await browser.post('/people/…/requests/new', { ...dateBoxes('requestedOn', '1', '6', '2026'), … })
 */
export const dateBoxes = (field: string, day: string, month: string, year: string) => ({
  [`${field}-day`]: day,
  [`${field}-month`]: month,
  [`${field}-year`]: year,
})

/**
 * An ISO date in a GOV.UK date input's three boxes, as a person types it.
 *
 * @example
 * isoDateBoxes('startedOn', '2026-06-01') // { 'startedOn-day': '1', 'startedOn-month': '6', 'startedOn-year': '2026' }
 */
export const isoDateBoxes = (field: string, date: string) => {
  const [year, month, day] = date.split('-')
  return dateBoxes(field, String(Number(day)), String(Number(month)), year ?? '')
}
