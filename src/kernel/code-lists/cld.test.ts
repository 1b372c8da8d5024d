import { describe, expect, it } from 'vitest'
import {
  ACCOMMODATION_SETTLED,
  ACCOMMODATION_STATUSES,
  CLD_CODE_LISTS,
  CLIENT_TYPES,
  DELIVERY_MECHANISMS,
  EMPLOYMENT_STATUSES,
  ETHNICITIES,
  EVENT_OUTCOMES,
  GENDERS,
  matchCode,
  PRIMARY_SUPPORT_REASONS,
  RELEASE_1_SPELLINGS,
  REQUEST_ROUTES_OF_ACCESS,
  REVIEW_REASONS,
  SERVICE_COMPONENTS,
  SERVICE_TYPES,
} from './cld.ts'

const lists = Object.entries(CLD_CODE_LISTS)

describe('CLD code lists', () => {
  it.each(lists)('%s is not empty', (_name, list) => {
    expect(list.length).toBeGreaterThan(0)
  })

  it.each(lists)('%s has no duplicates, even ignoring case and spacing', (_name, list) => {
    const keys = list.map((value) => value.toLowerCase().replace(/\s+/g, ' '))
    expect(new Set(keys).size).toBe(list.length)
  })

  it.each(lists)('every %s value matches itself', (_name, list) => {
    for (const value of list) expect(matchCode(list, value)).toBe(value)
  })

  it('has the 19 ONS 2021 ethnic groups and the two no-data values', () => {
    expect(ETHNICITIES.filter((value) => !value.startsWith('No data')).length).toBe(19)
    expect(ETHNICITIES).toContain('No data: Refused')
    expect(ETHNICITIES).toContain('No data: Undeclared or not known')
  })

  it('has the 17 Release 2 event outcomes in de-duplication priority order', () => {
    expect(EVENT_OUTCOMES.length).toBe(17)
    expect(EVENT_OUTCOMES[0]).toBe('Progress to reablement/ST-Max')
    expect(EVENT_OUTCOMES[2]).toBe('Release 1 specification only: Not mapped')
    expect(EVENT_OUTCOMES[5]).toBe('Admitted to hospital')
    expect(EVENT_OUTCOMES[12]).toBe('NFA: Deceased')
    expect(EVENT_OUTCOMES[16]).toBe('NFA: Other')
  })
})

describe('Release 1 spellings', () => {
  const mappings = [...RELEASE_1_SPELLINGS.entries()].flatMap(([list, spellings]) =>
    Object.entries(spellings).map(([release1, release2]) => ({ list, release1, release2 })),
  )

  it.each(mappings)('$release1 → $release2', ({ list, release1, release2 }) => {
    expect(list).toContain(release2)
    expect(matchCode(list, release1)).toBe(release2)
  })

  it.each([
    [SERVICE_TYPES, 'Long Term Support: Nursing Care', 'Long term support: Nursing care'],
    [SERVICE_TYPES, 'Short Term Support: ST-Max', 'Short term support: ST-Max'],
    [SERVICE_TYPES, 'Carer Support: Direct to Carer', 'Unpaid carer support: Direct to unpaid carer'],
    [EVENT_OUTCOMES, 'NFA - Deceased', 'NFA: Deceased'],
    [EVENT_OUTCOMES, 'NFA- Other', 'NFA: Other'],
    [EVENT_OUTCOMES, 'NFA – Support declined', 'NFA: Support declined'],
    [EVENT_OUTCOMES, 'NFA - Support ended – other reason', 'NFA: Support ended for other reason'],
    [EVENT_OUTCOMES, 'Progress to Reablement/ST-Max', 'Progress to reablement/ST-Max'],
    [EVENT_OUTCOMES, 'Progress to financial assessment', 'Release 1 specification only: Not mapped'],
    [CLIENT_TYPES, 'Service User', 'Service user'],
    [CLIENT_TYPES, 'Carer', 'Unpaid carer'],
    [PRIMARY_SUPPORT_REASONS, 'Learning Disability Support', 'Learning disability support'],
    [
      PRIMARY_SUPPORT_REASONS,
      'Physical Support: Access & mobility only',
      'Physical support: Access and mobility only',
    ],
    [ACCOMMODATION_STATUSES, 'Tenant - private landlord', 'Tenant: Private landlord'],
    [ACCOMMODATION_STATUSES, 'Tenant', 'Tenant: Local authority or other social housing provider'],
    [EMPLOYMENT_STATUSES, 'Not in Paid Employment (seeking work)', 'Not in paid employment: Seeking work'],
    [ETHNICITIES, 'Mixed: White and Asian', 'Mixed or multiple ethnic groups: White and Asian'],
    [SERVICE_COMPONENTS, 'Home Support', 'Home support or domiciliary care'],
    [SERVICE_COMPONENTS, 'Professional Support- Social Worker', 'Professional support: Social worker'],
    [DELIVERY_MECHANISMS, 'CASSR Commissioned support', 'CASSR Commissioned Support'],
    [REQUEST_ROUTES_OF_ACCESS, 'Community/Other route', 'Community / Other route'],
  ] as const)('%#: %j → %j', (list, submitted, expected) => {
    expect(matchCode(list, submitted)).toBe(expected)
  })
})

describe('matchCode', () => {
  it.each([
    [GENDERS, 'female', 'Female'],
    [GENDERS, 'FEMALE', 'Female'],
    [GENDERS, '  Male  ', 'Male'],
    [SERVICE_TYPES, 'long  term   support:\tcommunity', 'Long term support: Community'],
    [SERVICE_TYPES, 'SHORT TERM SUPPORT: ST—MAX', 'Short term support: ST-Max'],
    [
      EVENT_OUTCOMES,
      'nfa: self–funded client or under 12wk disregard',
      'NFA: Self-funded client or under 12wk disregard',
    ],
    [REVIEW_REASONS, 'Unplanned – Hospital', 'Unplanned - Hospital'],
    [REVIEW_REASONS, 'unplanned—carer related', 'Unplanned - Carer related'],
  ] as const)('%#: %j → %j', (list, submitted, expected) => {
    expect(matchCode(list, submitted)).toBe(expected)
  })

  it.each([
    [GENDERS, 'Martian'],
    [GENDERS, ''],
    [EVENT_OUTCOMES, 'Provision of service'],
    [EVENT_OUTCOMES, 'NFA'],
    [SERVICE_TYPES, 'Long term support'],
    // A value from another list is not a match
    [CLIENT_TYPES, 'Male'],
    [ETHNICITIES, 'White'],
  ] as const)('%#: %j does not match %j', (list, submitted) => {
    expect(matchCode(list, submitted)).toBeUndefined()
  })
})

describe('ACCOMMODATION_SETTLED', () => {
  it('holds only accommodation statuses', () => {
    for (const status of ACCOMMODATION_SETTLED) expect(ACCOMMODATION_STATUSES).toContain(status)
  })

  it.each([
    ['Owner occupier or shared ownership scheme', true],
    ['Tenant: Local authority or other social housing provider', true],
    ['Tenant: Private landlord', true],
    ['Settled mainstream housing with family or friends', true],
    ['Supported accommodation, supported lodgings or supported group home', true],
    ['Shared Lives scheme', true],
    ['Approved premises for offenders released from prison or under probation supervision', true],
    ['Sheltered housing, extra care housing or other sheltered housing', true],
    ['Mobile accommodation for Gypsy, Roma and Traveller communities', true],
    ['Rough sleeper or squatting', false],
    ['Night shelter, emergency hostel or direct access hostel', false],
    ['Refuge', false],
    ['Placed in temporary accommodation by the council (inc. homelessness resettlement)', false],
    ['Staying with family or friends as a short term guest', false],
    ['Acute hospital or long term healthcare residential facility', false],
    ['Registered care home', false],
    ['Registered nursing home', false],
    ['Prison, young offenders institution or detention centre', false],
    ['Other temporary accommodation', false],
    ['Unknown', false],
  ])('%s → settled %s', (status, settled) => {
    expect(ACCOMMODATION_SETTLED.has(status)).toBe(settled)
  })

  it('covers every status', () => {
    expect(ACCOMMODATION_STATUSES.length).toBe(20)
  })
})
