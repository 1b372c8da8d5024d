/**
 * A synthetic council's directory of providers (the market): the providers
 * its synthetic plans name, with the services they offer in the council's
 * made-up postcode districts, and a few micro-providers and personal
 * assistants. Every name is made up. Rates are ASSUMED, near what English
 * councils paid in 2025-26 (home care about £24 an hour, a care home about
 * £900 a week). Fixed rather than drawn, so it draws nothing from the rest of
 * the synthetic history and is the same for every council.
 */
import { POSTCODE_AREA, POSTCODE_DISTRICTS } from './postcodes.ts'

/** The providers the synthetic plans name, by what they provide. */
export const PROVIDERS = {
  home: ['Caring Hands Ltd', 'Homeward Care', 'Brightside Home Support', 'Riverside Care Services'],
  day: ['Riverside Day Centre', 'The Orchard Day Service', 'Meadow Lane Resource Centre'],
  living: ['Keystone Supported Living', 'Harbour Housing and Support'],
  careHome: ['Oak Lodge', 'Willow Court Care Home', 'The Beeches', 'Elm House Nursing Home', 'Linden Grange'],
} as const

export interface SyntheticProvider {
  name: string
  kind: 'organisation' | 'micro_provider' | 'personal_assistant'
  description: string
  email: string | null
  phone: string | null
  cqc_location_id: string | null
  takes_direct_payments: boolean
  holds_isfs: boolean
}

export interface SyntheticService {
  provider: number
  name: string
  service_component: string
  areas: string[]
  rate_pence: number
  rate_unit: string
}

const district = (n: number) => `${POSTCODE_AREA}${((n - 1) % POSTCODE_DISTRICTS) + 1}`
/** `count` neighbouring districts from the `from`th. */
const districts = (from: number, count: number) => Array.from({ length: count }, (_, i) => district(from + i))
const slug = (name: string) => name.toLowerCase().replace(/[^a-z]+/g, '')

/**
 * The directory: providers and their services (each naming its provider by place).
 *
 * @example
 * syntheticDirectory().providers[0].name // 'Caring Hands Ltd'
 */
export function syntheticDirectory(): { providers: SyntheticProvider[]; services: SyntheticService[] } {
  const providers: SyntheticProvider[] = []
  const services: SyntheticService[] = []
  const offer = (
    provider: number,
    name: string,
    component: string,
    areas: string[],
    pence: number,
    unit: string,
  ) =>
    services.push({ provider, name, service_component: component, areas, rate_pence: pence, rate_unit: unit })
  const organisation = (
    name: string,
    description: string,
    cqc: number | null,
    payments: { dp: boolean; isf: boolean },
  ) =>
    providers.push({
      name,
      kind: 'organisation',
      description,
      email: `enquiries@${slug(name)}.example`,
      // Ofcom keeps 01632 960000–960999 for drama: never a real number.
      phone: `01632 960${String(providers.length).padStart(3, '0')}`,
      cqc_location_id: cqc === null ? null : `1-${String(100_000_000 + cqc * 7_919)}`,
      takes_direct_payments: payments.dp,
      holds_isfs: payments.isf,
    }) - 1
  PROVIDERS.home.forEach((name, i) => {
    const p = organisation(name, 'Home care (domiciliary care) for adults.', 10 + i, {
      dp: true,
      isf: i % 2 === 0,
    })
    offer(
      p,
      'Home care',
      'Home support or domiciliary care',
      districts(1 + i * 5, 8),
      2_350 + i * 75,
      'Hourly',
    )
  })
  PROVIDERS.day.forEach((name, i) => {
    const p = organisation(name, 'Day opportunities: activities, meals and company.', null, {
      dp: true,
      isf: false,
    })
    offer(p, 'Day service', 'Day support', districts(1 + i * 7, 7), 4_800 + i * 400, 'Per session')
  })
  PROVIDERS.living.forEach((name, i) => {
    const p = organisation(name, 'Support for adults living in their own tenancies.', 20 + i, {
      dp: false,
      isf: true,
    })
    offer(
      p,
      'Supported living',
      'Community supported living',
      districts(1 + i * 10, 10),
      1_950 + i * 100,
      'Hourly',
    )
  })
  PROVIDERS.careHome.forEach((name, i) => {
    const nursing = name.includes('Nursing')
    const p = organisation(
      name,
      nursing ? 'A care home with nursing.' : 'A care home for older people.',
      30 + i,
      {
        dp: false,
        isf: false,
      },
    )
    offer(
      p,
      nursing ? 'Nursing care' : 'Residential care',
      nursing ? 'Long term nursing care' : 'Long term residential care',
      districts(1, POSTCODE_DISTRICTS),
      (nursing ? 110_000 : 88_000) + i * 1_500,
      'Weekly',
    )
  })
  const micro = [
    [
      'Stepping Out Community Support',
      'Community support and sitting for people who want to get out and about.',
    ],
    ['Village Lunch Club', 'A weekly lunch club in the village hall, with transport.'],
  ] as const
  micro.forEach(([name, description], i) => {
    const p =
      providers.push({
        name,
        kind: 'micro_provider',
        description,
        email: `hello@${slug(name)}.example`,
        phone: null,
        cqc_location_id: null,
        takes_direct_payments: true,
        holds_isfs: false,
      }) - 1
    offer(
      p,
      i === 0 ? 'Community support' : 'Lunch club',
      i === 0 ? 'Other long term support' : 'Meals',
      districts(3 + i * 9, 4),
      i === 0 ? 1_800 : 900,
      i === 0 ? 'Hourly' : 'Per session',
    )
  })
  const assistants = ['Ann Lowther', 'Tomasz Nowicki', 'Grace Adeyemi', 'Mo Farrukh']
  assistants.forEach((name, i) => {
    const p =
      providers.push({
        name,
        kind: 'personal_assistant',
        description: 'A personal assistant employed through direct payments.',
        email: null,
        phone: null,
        cqc_location_id: null,
        takes_direct_payments: true,
        holds_isfs: false,
      }) - 1
    offer(p, 'Personal assistance', 'Direct payment', districts(2 + i * 4, 3), 1_350 + i * 50, 'Hourly')
  })
  return { providers, services }
}
