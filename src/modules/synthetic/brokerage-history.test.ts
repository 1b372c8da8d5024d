import { describe, expect, it } from 'vitest'
import { DECLINE_REASONS } from '../market/offer-rules.ts'
import { addBrokerageHistory } from './brokerage-history.ts'
import { syntheticDirectory } from './directory.ts'
import { COUNCIL_SIZES, generateCouncil } from './generate-council.ts'
import { createRandom } from './random.ts'

const AS_OF = '2026-06-15'
const council = generateCouncil({ people: COUNCIL_SIZES.small, seed: 1, asOf: AS_OF, councilCode: 'SYNTH' })
const { offers, offeredLines } = council.brokerage
const { plans, planLines } = council.funding
const directory = syntheticDirectory()
const day = (stamp: string | null) => stamp?.slice(0, 10) ?? ''
const lineKey = (plan: number, position: number) => `${plan}|${position}`

describe('the brokerage history of a synthetic council', () => {
  it('offers only commissioned lines of first versions of plans in effect, most of them, each with offers', () => {
    const commissioned = planLines.filter(
      (l) =>
        l.delivery_mechanism === 'commissioned' &&
        plans[l.plan]?.status === 'active' &&
        plans[l.plan]?.version === 1,
    )
    expect(offeredLines.length).toBeGreaterThan(commissioned.length * 0.4)
    expect(offeredLines.length).toBeLessThan(commissioned.length * 0.8)
    const offered = new Set(offers.map((o) => lineKey(o.plan, o.line_position)))
    expect(offered.size).toBe(offeredLines.length)
    for (const at of offeredLines) {
      const line = planLines[at]
      expect(line?.delivery_mechanism).toBe('commissioned')
      expect(plans[line?.plan ?? -1]).toMatchObject({ status: 'active', version: 1 })
      expect(offered.has(lineKey(line?.plan ?? -1, line?.position ?? -1))).toBe(true)
    }
  })

  it('has the provider the plan named accept, once, on or after the plan came into effect and by the as-of date', () => {
    const accepted = offers.filter((o) => o.status === 'accepted')
    expect(accepted.length).toBeGreaterThan(0)
    expect(new Set(accepted.map((o) => lineKey(o.plan, o.line_position))).size).toBe(accepted.length)
    for (const offer of accepted) {
      const line = planLines.find((l) => l.plan === offer.plan && l.position === offer.line_position)
      expect(directory.providers[offer.provider]?.name).toBe(line?.provider)
      expect(day(offer.responded_at) >= (plans[offer.plan]?.active_from as string)).toBe(true)
      expect(day(offer.responded_at) <= AS_OF).toBe(true)
      expect(offer.accepted_start_on).not.toBeNull()
      expect(day(offer.offered_at) <= day(offer.responded_at)).toBe(true)
    }
  })

  it('keeps to what the database holds of an offer: one open offer of a line to a provider, replies after offers', () => {
    const perLine = new Map<string, number[]>()
    for (const offer of offers) {
      const key = lineKey(offer.plan, offer.line_position)
      perLine.set(key, [...(perLine.get(key) ?? []), offer.provider])
      expect(offer.status === 'accepted').toBe(offer.accepted_start_on !== null)
      expect(offer.status === 'declined').toBe(offer.decline_reason !== null)
      expect(offer.status === 'offered').toBe(offer.responded_at === null)
      if (offer.decline_reason) expect(DECLINE_REASONS).toContain(offer.decline_reason)
      expect(day(offer.offered_at) <= AS_OF).toBe(true)
      if (offer.responded_at) expect(offer.responded_at >= offer.offered_at).toBe(true)
      expect(directory.providers[offer.provider]).toBeDefined()
    }
    for (const providers of perLine.values()) expect(new Set(providers).size).toBe(providers.length)
  })

  it('leaves some packages waiting for a provider, declined by someone or still offered', () => {
    const arranged = new Set(
      offers.filter((o) => o.status === 'accepted').map((o) => lineKey(o.plan, o.line_position)),
    )
    const waiting = offers.filter((o) => !arranged.has(lineKey(o.plan, o.line_position)))
    expect(waiting.length).toBeGreaterThan(0)
    expect(offers.some((o) => o.status === 'declined')).toBe(true)
  })

  it('draws the same history from the same seed', () => {
    const again = addBrokerageHistory(council, createRandom(1 + 5_000_003))
    expect(again).toEqual(council.brokerage)
  })
})
