/**
 * How a provider's listing is shown and edited on pages, and given on the
 * API: the same whether the council's commissioners keep it (routes.ts) or
 * the provider does (provider-portal-routes.ts).
 */
import type { FastifyReply } from 'fastify'
import { SERVICE_COMPONENTS } from '../../kernel/code-lists/cld.ts'
import type { FieldError } from '../../kernel/problem.ts'
import { poundsForForm } from '../plans/money-input.ts'
import { rateInWords } from './hsds.ts'
import {
  DIRECTORY_STATUS_LABELS,
  DIRECTORY_STATUSES,
  PROVIDER_KIND_LABELS,
  PROVIDER_KINDS,
  RATE_UNITS,
} from './inputs.ts'
import type { ProviderRow, ServiceRow } from './store.ts'

type Form = Record<string, unknown>
type Crumb = { text: string; href: string }

export const isChecked = (value: unknown) =>
  value === true || value === 'yes' || (Array.isArray(value) && value.includes('yes'))

export function providerView(provider: ProviderRow) {
  return {
    ...provider,
    kindLabel: PROVIDER_KIND_LABELS[provider.kind],
    statusLabel: DIRECTORY_STATUS_LABELS[provider.status],
    payments:
      [
        provider.takes_direct_payments ? 'Takes direct payments' : '',
        provider.holds_isfs ? 'Holds individual service funds' : '',
      ]
        .filter(Boolean)
        .join('; ') || 'Neither direct payments nor individual service funds',
  }
}

export function serviceRowView(service: ServiceRow, provider: ProviderRow) {
  return {
    id: service.id,
    name: service.name,
    component: service.service_component,
    description: service.description,
    areas: service.areas.join(', ') || 'None listed',
    rate: rateInWords(service.rate_pence, service.rate_unit) ?? 'Not given',
    status: service.status,
    statusLabel: DIRECTORY_STATUS_LABELS[service.status],
    provider: providerView(provider),
  }
}

export function serviceJson(service: ServiceRow) {
  return {
    id: service.id,
    providerId: service.provider_id,
    name: service.name,
    serviceComponent: service.service_component,
    description: service.description,
    areas: service.areas,
    ratePence: service.rate_pence,
    rateUnit: service.rate_unit,
    status: service.status,
    updatedAt: service.updated_at.toISOString(),
  }
}

export function providerFormValues(provider: ProviderRow): Form {
  return {
    name: provider.name,
    kind: provider.kind,
    description: provider.description,
    email: provider.email ?? '',
    phone: provider.phone ?? '',
    website: provider.website ?? '',
    cqcLocationId: provider.cqc_location_id ?? '',
    takesDirectPayments: provider.takes_direct_payments,
    holdsIsfs: provider.holds_isfs,
    status: provider.status,
  }
}

export function serviceFormValues(service: ServiceRow): Form {
  return {
    name: service.name,
    serviceComponent: service.service_component,
    description: service.description,
    areas: service.areas.join(', '),
    rate: poundsForForm(service.rate_pence),
    rateUnit: service.rate_unit ?? '',
    status: service.status,
  }
}

export function renderProviderForm(
  reply: FastifyReply,
  options: {
    provider?: ProviderRow
    values: Form
    errors?: FieldError[]
    action: string
    breadcrumbs: Crumb[]
    /** Whether the status is the form's to set (the council's, not the provider's own). */
    withStatus?: boolean
  },
) {
  const { provider, values } = options
  return reply.view('market/views/provider-form.njk', {
    title: provider ? `Change ${provider.name}` : 'Add a provider',
    breadcrumbs: options.breadcrumbs,
    action: options.action,
    errors: options.errors,
    values,
    kindItems: PROVIDER_KINDS.map((k) => ({
      value: k,
      text: PROVIDER_KIND_LABELS[k],
      checked: values.kind === k,
    })),
    statusItems:
      options.withStatus === false
        ? undefined
        : DIRECTORY_STATUSES.map((s) => ({
            value: s,
            text: DIRECTORY_STATUS_LABELS[s],
            selected: values.status === s,
          })),
    paymentItems: [
      {
        value: 'yes',
        name: 'takesDirectPayments',
        text: 'Takes direct payments',
        checked: isChecked(values.takesDirectPayments),
      },
      {
        value: 'yes',
        name: 'holdsIsfs',
        text: 'Holds individual service funds',
        checked: isChecked(values.holdsIsfs),
      },
    ],
  })
}

export function renderServiceForm(
  reply: FastifyReply,
  provider: ProviderRow,
  options: {
    service?: ServiceRow
    values: Form
    errors?: FieldError[]
    action: string
    breadcrumbs: Crumb[]
  },
) {
  const { service, values } = options
  // The API's names for the form's own fields.
  const errors = options.errors?.map((e) =>
    e.field === 'ratePence'
      ? {
          field: 'rate',
          message:
            values.rate && !/^£?\s*[\d,]+(\.\d{1,2})?$/.test(String(values.rate).trim())
              ? 'Enter the rate in pounds, like 24.50'
              : e.message,
        }
      : e.field.startsWith('areas')
        ? { field: 'areas', message: e.message }
        : e,
  )
  return reply.view('market/views/service-form.njk', {
    title: service ? `Change ${service.name}` : `Add a service to ${provider.name}`,
    breadcrumbs: options.breadcrumbs,
    action: options.action,
    errors,
    values,
    componentItems: [
      { value: '', text: 'Choose what the service is' },
      ...SERVICE_COMPONENTS.map((c) => ({ value: c, text: c, selected: c === values.serviceComponent })),
    ],
    unitItems: [
      { value: '', text: 'No rate' },
      ...RATE_UNITS.map((u) => ({ value: u, text: u, selected: u === values.rateUnit })),
    ],
    statusItems: DIRECTORY_STATUSES.map((s) => ({
      value: s,
      text: DIRECTORY_STATUS_LABELS[s],
      selected: values.status === s,
    })),
  })
}

export const providerJson = (provider: ProviderRow, services?: ServiceRow[]) => ({
  id: provider.id,
  name: provider.name,
  kind: provider.kind,
  description: provider.description,
  email: provider.email,
  phone: provider.phone,
  website: provider.website,
  cqcLocationId: provider.cqc_location_id,
  takesDirectPayments: provider.takes_direct_payments,
  holdsIsfs: provider.holds_isfs,
  status: provider.status,
  updatedAt: provider.updated_at.toISOString(),
  ...(services ? { services: services.map(serviceJson) } : {}),
})
