/**
 * Arranging a plan's care with providers (brokerage), as rules: what state a
 * line of a plan is in from the offers made for it, and what each offer
 * still allows. Pure.
 */

export type OfferStatus = 'offered' | 'accepted' | 'declined' | 'withdrawn'

export const DECLINE_REASONS = ['no_capacity', 'area', 'needs', 'rate', 'other'] as const
export type DeclineReason = (typeof DECLINE_REASONS)[number]

export const DECLINE_REASON_LABELS: Record<DeclineReason, string> = {
  no_capacity: 'No capacity to start then',
  area: 'We do not cover where the person lives',
  needs: 'We cannot meet these needs',
  rate: 'The rate does not cover the cost',
  other: 'Another reason',
}

export const OFFER_STATUS_LABELS: Record<OfferStatus, string> = {
  offered: 'Waiting for a reply',
  accepted: 'Accepted',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
}

/** What an offer says of a line, in order of time. */
export interface LineOffer {
  status: OfferStatus
  providerName: string
  acceptedStartOn: string | null
}

/**
 * Where arranging a line stands: arranged (a provider accepted it, and from
 * when), offered (waiting for replies), declined by everyone asked so far, or
 * not yet offered to anyone.
 */
export type Arrangement =
  | { state: 'arranged'; providerName: string; startOn: string }
  | { state: 'offered'; waiting: number }
  | { state: 'declined'; declined: number }
  | { state: 'not_offered' }

/**
 * Where arranging a line stands, from all the offers made for it.
 *
 * @example
 * arrangementOf([{ status: 'declined', … }, { status: 'offered', … }]) // { state: 'offered', waiting: 1 }
 */
export function arrangementOf(offers: readonly LineOffer[]): Arrangement {
  const accepted = offers.find((offer) => offer.status === 'accepted')
  if (accepted) {
    return { state: 'arranged', providerName: accepted.providerName, startOn: accepted.acceptedStartOn ?? '' }
  }
  const waiting = offers.filter((offer) => offer.status === 'offered').length
  if (waiting > 0) return { state: 'offered', waiting }
  const declined = offers.filter((offer) => offer.status === 'declined').length
  if (declined > 0) return { state: 'declined', declined }
  return { state: 'not_offered' }
}

/** Why a line cannot be offered to a provider now, or undefined when it can. */
export function offerRefusal(
  plan: { status: string },
  line: { arrangement: Arrangement; openTo: readonly string[] },
  providerId: string,
): string | undefined {
  if (plan.status !== 'active') return 'Only a plan in effect can be arranged with providers'
  if (line.arrangement.state === 'arranged')
    return `This line is already arranged with ${line.arrangement.providerName}`
  if (line.openTo.includes(providerId)) return 'This line is already offered to this provider'
  return undefined
}

/** Whether an offer can still be answered or withdrawn: only while it waits for a reply. */
export const isOpen = (offer: { status: OfferStatus }) => offer.status === 'offered'
