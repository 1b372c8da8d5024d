import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type LineNeed, marketGaps, matchLines, type OfferedService, paysFor } from './matching.ts'

const HOME = 'Home support or domiciliary care'
const line = (overrides: Partial<LineNeed> = {}): LineNeed => ({
  position: 1,
  serviceComponent: HOME,
  deliveryMechanism: 'direct_payment',
  costUnit: 'Hourly',
  unitCostPence: 2400,
  provider: null,
  ...overrides,
})
const service = (providerName: string, overrides: Partial<OfferedService> = {}): OfferedService => ({
  serviceId: `s-${providerName}`,
  serviceName: 'Home care',
  serviceComponent: HOME,
  providerId: `p-${providerName}`,
  providerName,
  providerKind: 'organisation',
  ratePence: 2400,
  rateUnit: 'Hourly',
  takesDirectPayments: true,
  holdsIsfs: true,
  ...overrides,
})
const names = (lines: ReturnType<typeof matchLines>) => lines[0]?.matches.map((m) => m.providerName)

describe('how a line’s money pays for a service', () => {
  it.each<[LineNeed['deliveryMechanism'], boolean, boolean, boolean]>([
    ['direct_payment', true, false, true],
    ['direct_payment', false, true, false],
    ['individual_service_fund', false, true, true],
    ['individual_service_fund', true, false, false],
    ['managed_budget', false, false, true],
    ['commissioned', false, false, true],
  ])(
    '%s with direct payments %s and ISFs %s: %s',
    (deliveryMechanism, takesDirectPayments, holdsIsfs, pays) => {
      expect(paysFor({ takesDirectPayments, holdsIsfs }, { deliveryMechanism })).toBe(pays)
    },
  )
})

describe('the services that could provide a line', () => {
  it.each<[string, LineNeed, OfferedService[], string[]]>([
    [
      'the cheapest first',
      line(),
      [service('Dear', { ratePence: 2600 }), service('Cheap', { ratePence: 2100 })],
      ['Cheap', 'Dear'],
    ],
    [
      'the named provider first, whatever its rate',
      line({ provider: ' dear ' }),
      [service('Cheap', { ratePence: 2100 }), service('Dear', { ratePence: 2600 })],
      ['Dear', 'Cheap'],
    ],
    [
      'rates for another unit, or none, after',
      line(),
      [
        service('Daily', { rateUnit: 'Daily', ratePence: 9000 }),
        service('None', { ratePence: null, rateUnit: null }),
        service('Hourly'),
      ],
      ['Hourly', 'Daily', 'None'],
    ],
    ['not another kind of service', line(), [service('Shared', { serviceComponent: 'Shared Lives' })], []],
    ['not one a direct payment cannot pay', line(), [service('No DP', { takesDirectPayments: false })], []],
    ['nothing for a line naming no kind of service', line({ serviceComponent: null }), [service('Any')], []],
  ])('%s', (_name, need, offered, expected) => {
    expect(names(matchLines([need], offered))).toEqual(expected)
  })

  it('compares a rate for the same unit with the line’s cost, and marks the named provider', () => {
    const [matched] = matchLines(
      [line({ provider: 'Cheap' })],
      [service('Cheap', { ratePence: 2150 }), service('Daily', { rateUnit: 'Daily' })],
    )
    expect(matched?.matches.map((m) => [m.providerName, m.named, m.differencePence])).toEqual([
      ['Cheap', true, -250],
      ['Daily', false, null],
    ])
  })

  it('offers only services of the line’s kind that its money can pay, each once', () => {
    const component = fc.constantFrom(HOME, 'Shared Lives', 'Day care')
    const offered = fc.array(
      fc.record({
        serviceId: fc.uuid(),
        serviceName: fc.constant('A service'),
        serviceComponent: component,
        providerId: fc.uuid(),
        providerName: fc.constantFrom('Ann', 'Bea', 'Cal'),
        providerKind: fc.constant('organisation'),
        ratePence: fc.option(fc.nat(10_000)),
        rateUnit: fc.option(fc.constantFrom('Hourly', 'Daily')),
        takesDirectPayments: fc.boolean(),
        holdsIsfs: fc.boolean(),
      }),
      { maxLength: 12 },
    )
    const need = fc.record({
      position: fc.constant(1),
      serviceComponent: fc.option(component),
      deliveryMechanism: fc.constantFrom(
        'direct_payment',
        'individual_service_fund',
        'managed_budget',
        'commissioned',
      ),
      costUnit: fc.constantFrom('Hourly', 'Daily'),
      unitCostPence: fc.nat(10_000),
      provider: fc.option(fc.constantFrom('Ann', 'Bea')),
    }) as fc.Arbitrary<LineNeed>
    fc.assert(
      fc.property(need, offered, (l, services) => {
        const matches = matchLines([l], services)[0]?.matches ?? []
        const expected = services.filter((s) => s.serviceComponent === l.serviceComponent && paysFor(s, l))
        expect(matches.map((m) => m.serviceId).sort()).toEqual(expected.map((s) => s.serviceId).sort())
        const firstUnnamed = matches.findIndex((m) => !m.named)
        if (firstUnnamed >= 0) expect(matches.slice(firstUnnamed).every((m) => !m.named)).toBe(true)
      }),
    )
  })
})

describe('where plans need providers', () => {
  const need = { serviceComponent: HOME, district: 'DN4', people: 5, directPaymentPeople: 2, isfPeople: 1 }
  const listed = (overrides: Partial<OfferedService> & { areas?: string[] } = {}) => ({
    serviceComponent: HOME,
    takesDirectPayments: true,
    holdsIsfs: true,
    areas: ['DN4'],
    ...overrides,
  })
  it.each<[string, object[], string, number]>([
    ['nobody listed', [], 'none', 0],
    ['listed elsewhere only', [listed({ areas: ['DN9'] })], 'none', 0],
    ['another kind only', [listed({ serviceComponent: 'Shared Lives' })], 'none', 0],
    ['nobody for direct payments', [listed({ takesDirectPayments: false })], 'direct_payments', 1],
    ['nobody holding ISFs', [listed({ holdsIsfs: false })], 'isfs', 1],
    ['covered', [listed({ holdsIsfs: false }), listed({ takesDirectPayments: false })], 'covered', 2],
  ])('%s', (_name, services, kind, count) => {
    expect(marketGaps([need], services as never)).toEqual([
      {
        ...need,
        services: count,
        takingDirectPayments: expect.any(Number),
        holdingIsfs: expect.any(Number),
        kind,
      },
    ])
  })

  it('puts gaps first, the most people first', () => {
    const gaps = marketGaps(
      [
        { ...need, district: 'DN1', people: 9 },
        { ...need, district: 'DN2', people: 2 },
        { ...need, district: 'DN3', people: 7 },
      ],
      [listed({ areas: ['DN1'] })],
    )
    expect(gaps.map((g) => [g.district, g.kind])).toEqual([
      ['DN3', 'none'],
      ['DN2', 'none'],
      ['DN1', 'covered'],
    ])
  })
})
