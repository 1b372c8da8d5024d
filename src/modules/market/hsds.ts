/**
 * The directory as Open Referral UK publishes it: HSDS 3.0 with the UK
 * profile. A provider is an `organization` (a personal assistant too: HSDS
 * has no person), each of its services a `service`, its postcode districts
 * `service_areas`, its rate a `cost_option`, the ways its money may be held
 * `attributes`, and a CQC location ID an `organization_identifier`. HSDS
 * wants a UUID for every nested entry; ASCEND keeps none for them, so each is
 * derived from its owner's id and what it is, the same on every read.
 * Pure: rows in, JSON out.
 */
import { createHash } from 'node:crypto'
import { COST_UNIT_LABELS, type CostUnit } from '../plans/plan-costs.ts'
import { PROVIDER_KIND_LABELS } from './inputs.ts'
import type { DirectoryRow, ProviderRow, ServiceRow } from './store.ts'

/** What the feed's root says of itself (HSDS 3.0 API reference: GET /). */
export const HSDS_VERSION = 'HSDS-UK-3.0'
export const HSDS_PROFILE = 'https://openreferraluk.org/specifications/3.0/'
export const HSDS_OPENAPI = 'https://openreferraluk.org/specifications/3.0/openapi.json'

/**
 * A stable UUID (version 5's shape) for a nested entry, from its owner's id and what it is.
 *
 * @example
 * derivedId('0b0f…', 'area', 'DN1') // the same UUID on every call
 */
export function derivedId(ownerId: string, ...parts: string[]): string {
  const hex = createHash('sha1')
    .update([ownerId, ...parts].join('|'))
    .digest('hex')
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

const pounds = (pence: number) =>
  (pence / 100).toLocaleString('en-GB', { style: 'currency', currency: 'GBP' })

/**
 * A rate in words: "£24.50 an hour".
 *
 * @example
 * rateInWords(2450, 'Hourly') // '£24.50 an hour'
 */
export function rateInWords(pence: number | null, unit: string | null): string | undefined {
  if (pence === null || unit === null) return undefined
  const label = COST_UNIT_LABELS[unit as CostUnit] ?? unit.toLowerCase()
  return `${pounds(pence)} ${label}`
}

const defined = <T extends Record<string, unknown>>(object: T) =>
  Object.fromEntries(
    Object.entries(object).filter(([, value]) => value !== undefined && value !== null && value !== ''),
  )

/** A provider as an HSDS organization. */
export function hsdsOrganization(provider: ProviderRow) {
  return defined({
    id: provider.id,
    name: provider.name,
    description: provider.description || PROVIDER_KIND_LABELS[provider.kind],
    email: provider.email,
    website: provider.website,
    phones: provider.phone ? [{ id: derivedId(provider.id, 'phone'), number: provider.phone }] : undefined,
    organization_identifiers: provider.cqc_location_id
      ? [
          {
            id: derivedId(provider.id, 'cqc'),
            organization_id: provider.id,
            identifier_type: 'CQC location ID',
            identifier: provider.cqc_location_id,
          },
        ]
      : undefined,
  })
}

/** A service with only its one-to-one fields, as a page of services lists it. */
export function hsdsServiceSummary(service: ServiceRow, provider: ProviderRow) {
  const lastModified = new Date(Math.max(service.updated_at.getTime(), provider.updated_at.getTime()))
  return defined({
    id: service.id,
    organization_id: provider.id,
    name: service.name,
    description: service.description || service.service_component,
    url: provider.website,
    email: provider.email,
    // A service is only as open as its provider.
    status: provider.status === 'active' ? service.status : provider.status,
    fees_description: rateInWords(service.rate_pence, service.rate_unit),
    accreditations: provider.cqc_location_id
      ? `Registered with the Care Quality Commission (location ${provider.cqc_location_id})`
      : undefined,
    last_modified: lastModified.toISOString(),
  })
}

/**
 * A service fully nested: its organization, areas, cost, phones and the ways
 * its money may be held.
 *
 * @example
 * hsdsService(row) // { id, name, status, organization: {…}, service_areas: [{ id, name: 'DN1' }], … }
 */
export function hsdsService(row: DirectoryRow) {
  const { provider } = row
  const payments = [
    provider.takes_direct_payments ? 'Direct payment' : undefined,
    provider.holds_isfs ? 'Individual service fund' : undefined,
  ].filter((p): p is string => p !== undefined)
  return {
    ...hsdsServiceSummary(row, provider),
    organization: hsdsOrganization(provider),
    phones: provider.phone ? [{ id: derivedId(row.id, 'phone'), number: provider.phone }] : [],
    service_areas: row.areas.map((district) => ({
      id: derivedId(row.id, 'area', district),
      service_id: row.id,
      name: district,
      description: `Postcode district ${district}`,
    })),
    cost_options:
      row.rate_pence === null
        ? []
        : [
            {
              id: derivedId(row.id, 'cost'),
              service_id: row.id,
              option: row.rate_unit,
              amount: row.rate_pence / 100,
              currency: 'GBP',
              amount_description: rateInWords(row.rate_pence, row.rate_unit),
            },
          ],
    attributes: payments.map((payment) => ({
      id: derivedId(row.id, 'payment', payment),
      link_id: row.id,
      link_type: 'payment_accepted',
      link_entity: 'service',
      value: payment,
    })),
  }
}

/**
 * A page of results as HSDS's API reference pages them.
 *
 * @example
 * hsdsPage([…], { page: 1, perPage: 50, total: 120 }) // { total_items: 120, total_pages: 3, page_number: 1, size: …, first_page: true, last_page: false, empty: false, contents: […] }
 */
export function hsdsPage<T>(contents: T[], paging: { page: number; perPage: number; total: number }) {
  const totalPages = Math.ceil(paging.total / paging.perPage)
  return {
    total_items: paging.total,
    total_pages: totalPages,
    page_number: paging.page,
    size: contents.length,
    first_page: paging.page === 1,
    last_page: paging.page >= totalPages,
    empty: contents.length === 0,
    contents,
  }
}
