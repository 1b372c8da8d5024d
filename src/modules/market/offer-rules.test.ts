import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type Arrangement,
  arrangementOf,
  type LineOffer,
  type OfferStatus,
  offerRefusal,
} from './offer-rules.ts'

const offer = (
  status: OfferStatus,
  providerName = 'Caring Hands Ltd',
  acceptedStartOn: string | null = null,
) => ({
  status,
  providerName,
  acceptedStartOn,
})

describe('arrangementOf', () => {
  it.each<[string, LineOffer[], Arrangement]>([
    ['no offers', [], { state: 'not_offered' }],
    ['only withdrawn', [offer('withdrawn')], { state: 'not_offered' }],
    ['two waiting', [offer('offered'), offer('offered', 'B')], { state: 'offered', waiting: 2 }],
    [
      'declined, then one waiting',
      [offer('declined'), offer('offered', 'B')],
      { state: 'offered', waiting: 1 },
    ],
    [
      'declined by two',
      [offer('declined'), offer('declined', 'B'), offer('withdrawn')],
      { state: 'declined', declined: 2 },
    ],
    [
      'accepted, others withdrawn',
      [offer('declined'), offer('accepted', 'B', '2026-07-01'), offer('withdrawn', 'C')],
      { state: 'arranged', providerName: 'B', startOn: '2026-07-01' },
    ],
  ])('%s', (_, offers, expected) => {
    expect(arrangementOf(offers)).toEqual(expected)
  })

  it('is arranged exactly when an offer was accepted, whatever the order of the others', () => {
    const statuses = fc.constantFrom<OfferStatus>('offered', 'declined', 'withdrawn')
    fc.assert(
      fc.property(fc.array(statuses), fc.boolean(), fc.nat(), (others, withAccepted, at) => {
        const offers = others.map((s) => offer(s))
        if (withAccepted) offers.splice(at % (offers.length + 1), 0, offer('accepted', 'Z', '2026-07-01'))
        const arrangement = arrangementOf(offers)
        expect(arrangement.state === 'arranged').toBe(withAccepted)
        if (arrangement.state === 'offered')
          expect(arrangement.waiting).toBe(others.filter((s) => s === 'offered').length)
      }),
    )
  })
})

describe('offerRefusal', () => {
  const open = { arrangement: { state: 'offered', waiting: 1 } as Arrangement, openTo: ['p1'] }
  it.each<[string, string, typeof open, string, string | undefined]>([
    ['a plan in effect, to a new provider', 'active', open, 'p2', undefined],
    ['a draft plan', 'draft', open, 'p2', 'Only a plan in effect can be arranged with providers'],
    ['a superseded plan', 'superseded', open, 'p2', 'Only a plan in effect can be arranged with providers'],
    ['the provider it is open to', 'active', open, 'p1', 'This line is already offered to this provider'],
    [
      'an arranged line',
      'active',
      { arrangement: { state: 'arranged', providerName: 'B', startOn: '2026-07-01' }, openTo: [] },
      'p2',
      'This line is already arranged with B',
    ],
  ])('%s', (_, status, line, providerId, expected) => {
    expect(offerRefusal({ status }, line, providerId)).toBe(expected)
  })
})
