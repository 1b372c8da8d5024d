/**
 * The CLD client funding status of a plan's services (mandatory on a service
 * user's services and reviews): who pays for the support the plan arranges,
 * read from its lines' funding sources. The NHS and pooled funds count with
 * the council's: CLD asks only how much of the cost falls on the person.
 */
import type { CLIENT_FUNDING_STATUSES } from '../../kernel/code-lists/cld.ts'
import type { FundingSource } from './plan-input.ts'

export type ClientFundingStatus = (typeof CLIENT_FUNDING_STATUSES)[number]

/**
 * @example
 * clientFundingStatus(['council', 'person_contribution']) // 'Joint client and social care funded'
 * clientFundingStatus([]) // undefined: a plan of no lines arranges nothing
 */
export function clientFundingStatus(sources: readonly FundingSource[]): ClientFundingStatus | undefined {
  if (sources.length === 0) return undefined
  const byPerson = sources.filter((source) => source === 'person_contribution').length
  if (byPerson === 0) return 'Fully social care funded'
  return byPerson === sources.length ? 'Fully client funded' : 'Joint client and social care funded'
}
