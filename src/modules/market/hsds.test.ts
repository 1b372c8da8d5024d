import { describe, expect, it } from 'vitest'
import { hsdsValidator } from '../../../test/support/hsds-schemas.ts'
import {
  derivedId,
  hsdsOrganization,
  hsdsPage,
  hsdsService,
  hsdsServiceSummary,
  rateInWords,
} from './hsds.ts'
import type { DirectoryRow, ProviderRow } from './store.ts'

const PROVIDER: ProviderRow = {
  id: '5b0a6f7e-2d4c-4a8e-9d1e-3f6a1c2b7e90',
  council_id: '0d4b4a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
  name: 'Caring Hands Ltd',
  kind: 'organisation',
  description: 'Home care across the borough',
  email: 'office@caringhands.example',
  phone: '01302 734000',
  website: 'https://caringhands.example',
  cqc_location_id: '1-123456789',
  takes_direct_payments: true,
  holds_isfs: true,
  status: 'active',
  created_at: new Date('2026-01-05T10:00:00Z'),
  updated_at: new Date('2026-02-01T10:00:00Z'),
  updated_by: null,
}
const ROW: DirectoryRow = {
  id: '9c1e2f3a-4b5c-4d6e-8f70-112233445566',
  council_id: PROVIDER.council_id,
  provider_id: PROVIDER.id,
  name: 'Home care',
  service_component: 'Home support or domiciliary care',
  description: '',
  areas: ['DN1', 'DN4'],
  rate_pence: 2450,
  rate_unit: 'Hourly',
  status: 'active',
  updated_at: new Date('2026-03-01T09:30:00Z'),
  provider: PROVIDER,
}
const PERSONAL_ASSISTANT: DirectoryRow = {
  ...ROW,
  id: '0f1e2d3c-4b5a-4968-8776-554433221100',
  name: 'Personal assistance',
  service_component: 'Direct payment',
  areas: [],
  rate_pence: null,
  rate_unit: null,
  provider: {
    ...PROVIDER,
    id: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
    name: 'Ann Jones',
    kind: 'personal_assistant',
    description: '',
    email: null,
    phone: null,
    website: null,
    cqc_location_id: null,
    holds_isfs: false,
  },
}

describe('the Open Referral UK feed', () => {
  it.each([
    ['a care provider’s service, fully nested', ROW],
    ['a personal assistant with only a name', PERSONAL_ASSISTANT],
  ])('is a valid HSDS 3.0 service: %s', (_what, row) => {
    const validate = hsdsValidator('service.json')
    expect(validate(hsdsService(row)), JSON.stringify(validate.errors)).toBe(true)
    expect(validate(hsdsServiceSummary(row, row.provider)), JSON.stringify(validate.errors)).toBe(true)
    const organization = hsdsValidator('organization.json')
    expect(organization(hsdsOrganization(row.provider)), JSON.stringify(organization.errors)).toBe(true)
  })

  it('is caught out by the schema when it is wrong (the check can fail)', () => {
    const validate = hsdsValidator('service.json')
    expect(validate({ ...hsdsService(ROW), status: 'open' })).toBe(false)
    expect(validate({ ...hsdsService(ROW), id: 'not-a-uuid' })).toBe(false)
  })

  it('says what the provider offers in HSDS’s terms', () => {
    const service = hsdsService(ROW)
    expect(service).toMatchObject({
      id: ROW.id,
      organization_id: PROVIDER.id,
      status: 'active',
      fees_description: '£24.50 an hour',
      accreditations: 'Registered with the Care Quality Commission (location 1-123456789)',
      last_modified: '2026-03-01T09:30:00.000Z',
      organization: { name: 'Caring Hands Ltd', organization_identifiers: [{ identifier: '1-123456789' }] },
      cost_options: [{ option: 'Hourly', amount: 24.5, currency: 'GBP' }],
    })
    expect(service.service_areas.map((a) => a.name)).toEqual(['DN1', 'DN4'])
    expect(service.attributes.map((a) => a.value)).toEqual(['Direct payment', 'Individual service fund'])
    // A personal assistant's organization has a description even when none was given.
    expect(hsdsOrganization(PERSONAL_ASSISTANT.provider).description).toBe('Personal assistant')
  })

  it('gives a service its provider’s status when the provider is not active', () => {
    const closed = { ...ROW, provider: { ...PROVIDER, status: 'temporarily closed' as const } }
    expect(hsdsServiceSummary(closed, closed.provider).status).toBe('temporarily closed')
  })

  it('derives the same UUID for the same nested entry, and different ones for others', () => {
    const first = derivedId(ROW.id, 'area', 'DN1')
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(derivedId(ROW.id, 'area', 'DN1')).toBe(first)
    expect(derivedId(ROW.id, 'area', 'DN4')).not.toBe(first)
  })

  it.each([
    [2450, 'Hourly', '£24.50 an hour'],
    [95_000, 'Weekly', '£950.00 a week'],
    [4000, 'Per session', '£40.00 a session'],
    [null, null, undefined],
  ])('puts a rate of %s pence %s in words', (pence, unit, words) => {
    expect(rateInWords(pence, unit)).toBe(words)
  })

  it.each([
    [
      { page: 1, perPage: 2, total: 5 },
      2,
      { total_pages: 3, first_page: true, last_page: false, empty: false },
    ],
    [
      { page: 3, perPage: 2, total: 5 },
      1,
      { total_pages: 3, first_page: false, last_page: true, empty: false },
    ],
    [
      { page: 1, perPage: 50, total: 0 },
      0,
      { total_pages: 0, first_page: true, last_page: true, empty: true },
    ],
  ])('pages %j as HSDS does', (paging, size, expected) => {
    const page = hsdsPage(
      Array.from({ length: size }, (_, i) => i),
      paging,
    )
    expect(page).toMatchObject({ ...expected, total_items: paging.total, page_number: paging.page, size })
  })
})
