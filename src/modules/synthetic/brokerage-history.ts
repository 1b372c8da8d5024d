/**
 * A synthetic council's brokerage: how the care its plans commission was
 * arranged with providers through ASCEND. For most lines of first versions of
 * plans in effect that the council commissions, the plan names no provider;
 * instead the line was offered, declined by none, one or two providers (no
 * capacity most often), and accepted by the provider the plan would have
 * named, some days after the plan came into effect. Lines of plans that came
 * into effect too recently for that, and a few that no provider will take on,
 * are still waiting: offered, or declined by everyone asked so far. The rest
 * name their provider, as care arranged outside ASCEND does.
 *
 * Pure and deterministic, with its own random stream, so everything drawn
 * before it stays as it was.
 */
import type { DeclineReason } from '../market/offer-rules.ts'
import { dayOf, isoOf, stampOf } from './day-numbers.ts'
import { PROVIDERS, syntheticDirectory } from './directory.ts'
import type { GeneratedCouncil } from './generate-council.ts'
import type { Random, Weights } from './random.ts'

export interface SyntheticOffer {
  plan: number
  line_position: number
  /** The provider's place in the synthetic directory. */
  provider: number
  status: 'offered' | 'accepted' | 'declined'
  start_on: string
  accepted_start_on: string | null
  offered_by: number
  offered_at: string
  responded_at: string | null
  decline_reason: DeclineReason | null
}

export interface BrokerageHistory {
  offers: SyntheticOffer[]
  /** The places in the funding history's plan lines of those arranged through ASCEND: they name no provider. */
  offeredLines: number[]
}

/** Share of commissioned lines arranged through ASCEND. ASSUMED: the rest were arranged before it, or by telephone. */
const OFFERED_SHARE = 0.6
/** Days from a plan coming into effect to a provider accepting, on average, by kind of provider. ASSUMED. */
const MEAN_DAYS: Record<keyof typeof PROVIDERS, number> = { home: 6, day: 3, living: 14, careHome: 9 }
/** Share of offered lines no provider has taken on, however long ago offered: the packages hardest to place. ASSUMED. */
const UNPLACED_SHARE = 0.08
/** How many providers decline before one accepts. ASSUMED. */
const DECLINES: Weights<number> = [
  [0, 6],
  [1, 3],
  [2, 1],
]
/** Why providers decline. ASSUMED: home care's shortage of staff above all. */
const REASONS: Weights<DeclineReason> = [
  ['no_capacity', 6],
  ['rate', 2],
  ['area', 2],
  ['needs', 1],
]

/**
 * @example
 * const brokerage = addBrokerageHistory(council, createRandom(seed + BROKERAGE_SEED_OFFSET))
 * brokerage.offers.filter((o) => o.status === 'accepted').length // lines arranged through ASCEND
 */
export function addBrokerageHistory(council: GeneratedCouncil, random: Random): BrokerageHistory {
  const directory = syntheticDirectory().providers.map((p) => p.name)
  const asOf = dayOf(council.asOf)
  const { plans, planLines } = council.funding
  const offers: SyntheticOffer[] = []
  const offeredLines: number[] = []
  planLines.forEach((line, at) => {
    const plan = plans[line.plan]
    if (plan?.status !== 'active' || plan.version !== 1 || plan.active_from === null) return
    if (line.delivery_mechanism !== 'commissioned' || line.provider === null) return
    const kind = kindOf(line.provider)
    if (kind === undefined || !random.chance(OFFERED_SHARE)) return
    offeredLines.push(at)
    const from = dayOf(plan.active_from)
    const accepting = directory.indexOf(line.provider)
    const others = PROVIDERS[kind].filter((name) => name !== line.provider)
    const unplaced = random.chance(UNPLACED_SHARE)
    const declines = unplaced ? random.int(1, 2) : random.weighted(DECLINES)
    const declining = pickSome(random, others, declines).map((name) => directory.indexOf(name))
    const acceptedOn = unplaced
      ? Number.POSITIVE_INFINITY
      : from + Math.floor(random.exponential(MEAN_DAYS[kind]))
    // Offered the day the plan came into effect, or the next, to all at once: as brokerage teams do.
    const offeredOn = Math.min(from + random.int(0, 1), acceptedOn, asOf)
    const offer = (provider: number): SyntheticOffer => ({
      plan: line.plan,
      line_position: line.position,
      provider,
      status: 'offered',
      start_on: isoOf(Math.max(from, offeredOn)),
      accepted_start_on: null,
      offered_by: plan.created_by,
      // Offers go out in the morning, replies come after midday: a reply never comes before its offer.
      offered_at: stampOf(offeredOn, random.int(9 * 60, 12 * 60)),
      responded_at: null,
      decline_reason: null,
    })
    for (const provider of declining) {
      const repliedOn = offeredOn + random.int(0, Math.max(0, Math.min(acceptedOn, asOf) - offeredOn))
      offers.push({
        ...offer(provider),
        status: 'declined',
        responded_at: stampOf(repliedOn, random.int(12 * 60, 17 * 60)),
        decline_reason: random.weighted(REASONS),
      })
    }
    if (acceptedOn > asOf) {
      // Not yet accepted: still waiting for the provider's reply, or, now and then, declined by everyone asked.
      if (declining.length === 0 || random.chance(0.7)) offers.push(offer(accepting))
      return
    }
    offers.push({
      ...offer(accepting),
      status: 'accepted',
      accepted_start_on: isoOf(acceptedOn + random.int(0, 7)),
      responded_at: stampOf(acceptedOn, random.int(12 * 60, 17 * 60)),
    })
  })
  return { offers, offeredLines }
}

/** Which kind of provider of the directory a plan's named provider is; undefined for one outside it. */
function kindOf(name: string): keyof typeof PROVIDERS | undefined {
  return (Object.keys(PROVIDERS) as (keyof typeof PROVIDERS)[]).find((kind) =>
    (PROVIDERS[kind] as readonly string[]).includes(name),
  )
}

/** Up to `count` different items of a list, in the order drawn. */
function pickSome<T>(random: Random, list: readonly T[], count: number): T[] {
  const left = [...list]
  const picked: T[] = []
  while (picked.length < count && left.length > 0)
    picked.push(...left.splice(random.int(0, left.length - 1), 1))
  return picked
}
