import { z } from 'zod'
import { SERVICE_COMPONENTS } from '../../kernel/code-lists/cld.ts'
import { postcodeDistrict } from '../../kernel/postcode.ts'
import { absent } from '../../kernel/validation.ts'
import { penceFromPounds } from '../plans/money-input.ts'
import { COST_UNITS } from '../plans/plan-costs.ts'

/*
 * A provider and a service in the council's directory, as the API sends them
 * (pence, lists) and as the forms do (pounds, areas typed as a list, boxes).
 */

export const PROVIDER_KINDS = ['organisation', 'micro_provider', 'personal_assistant'] as const
export type ProviderKind = (typeof PROVIDER_KINDS)[number]
export const PROVIDER_KIND_LABELS: Record<ProviderKind, string> = {
  organisation: 'Care provider',
  micro_provider: 'Micro-provider',
  personal_assistant: 'Personal assistant',
}

/** HSDS's statuses; only an active provider's active services are offered to plans and published. */
export const DIRECTORY_STATUSES = ['active', 'inactive', 'defunct', 'temporarily closed'] as const
export const DIRECTORY_STATUS_LABELS: Record<(typeof DIRECTORY_STATUSES)[number], string> = {
  active: 'Active',
  inactive: 'Inactive',
  defunct: 'Closed for good',
  'temporarily closed': 'Temporarily closed',
}

/** Rates are for whole periods of service: a one-off cost is not a rate. */
export const RATE_UNITS = COST_UNITS.filter((unit) => unit !== 'One-off')

export const NAME_MAX = 200
export const DESCRIPTION_MAX = 2000
/** £10,000 a unit: more is a typing mistake. */
export const RATE_MAX_PENCE = 1_000_000
/** Districts a service can list: a county has about a hundred. */
export const AREAS_MAX = 200

/** Optional text of at most `max` characters; blank or null is not given. */
export const optionalText = (max: number, what: string) =>
  z.preprocess(
    absent,
    z
      .string({ error: `Enter the ${what} as text` })
      .max(max, { error: `The ${what} must be ${max} characters or fewer` })
      .optional(),
  )

export const providerSchema = z.object({
  name: z.preprocess(
    absent,
    z
      .string({ error: 'Enter the provider’s name' })
      .max(NAME_MAX, { error: `The name must be ${NAME_MAX} characters or fewer` }),
  ),
  kind: z.enum(PROVIDER_KINDS, { error: 'Choose what kind of provider it is' }),
  description: optionalText(DESCRIPTION_MAX, 'description'),
  email: z.preprocess(
    absent,
    z.email({ error: 'Enter an email address like name@example.org' }).max(254).optional(),
  ),
  phone: z.preprocess(
    absent,
    z
      .string({ error: 'Enter the phone number as text' })
      .regex(/^\+?[0-9 ()-]{7,20}$/, { error: 'Enter a phone number like 01302 734000' })
      .optional(),
  ),
  website: z.preprocess(
    absent,
    z
      .url({ protocol: /^https?$/, error: 'Enter a website address starting https://' })
      .max(300, { error: 'The website address must be 300 characters or fewer' })
      .optional(),
  ),
  cqcLocationId: z.preprocess(
    absent,
    z
      .string({ error: 'Enter the CQC location ID as text' })
      .regex(/^1-[0-9]{6,12}$/, { error: 'Enter a CQC location ID like 1-123456789' })
      .optional(),
  ),
  takesDirectPayments: z.boolean({ error: 'Say whether it takes direct payments' }).default(false),
  holdsIsfs: z.boolean({ error: 'Say whether it holds individual service funds' }).default(false),
  status: z.enum(DIRECTORY_STATUSES, { error: 'Choose the provider’s status' }).default('active'),
})
export type ProviderInput = z.output<typeof providerSchema>

export const serviceSchema = z
  .object({
    name: z.preprocess(
      absent,
      z
        .string({ error: 'Enter the service’s name' })
        .max(NAME_MAX, { error: `The name must be ${NAME_MAX} characters or fewer` }),
    ),
    serviceComponent: z.enum(SERVICE_COMPONENTS, { error: 'Choose what the service is' }),
    description: optionalText(DESCRIPTION_MAX, 'description'),
    areas: z
      .array(z.string({ error: 'Give each area as text' }), { error: 'Give the areas as a list' })
      .max(AREAS_MAX, { error: `List at most ${AREAS_MAX} postcode districts` })
      .default([])
      .transform((areas, context) => {
        const districts: string[] = []
        for (const area of areas) {
          const district = postcodeDistrict(area)
          if (district === undefined) {
            context.addIssue({
              code: 'custom',
              message: `“${area}” is not a postcode district like DN1 or SW1A`,
            })
            return z.NEVER
          }
          if (!districts.includes(district)) districts.push(district)
        }
        return districts
      }),
    ratePence: z.preprocess(
      absent,
      z
        .int({ error: 'Enter the rate as a whole number of pence' })
        .min(0, { error: 'The rate must be £0 or more' })
        .max(RATE_MAX_PENCE, { error: 'The rate must be £10,000 or less' })
        .optional(),
    ),
    rateUnit: z.preprocess(
      absent,
      z.enum(RATE_UNITS as [string, ...string[]], { error: 'Choose what the rate is for' }).optional(),
    ),
    status: z.enum(DIRECTORY_STATUSES, { error: 'Choose the service’s status' }).default('active'),
  })
  .superRefine((service, context) => {
    if (service.ratePence !== undefined && service.rateUnit === undefined)
      context.addIssue({ code: 'custom', path: ['rateUnit'], message: 'Choose what the rate is for' })
    if (service.ratePence === undefined && service.rateUnit !== undefined)
      context.addIssue({ code: 'custom', path: ['ratePence'], message: 'Enter the rate, or choose no unit' })
  })
export type ServiceInput = z.output<typeof serviceSchema>

type Form = Record<string, unknown>
const checked = (value: unknown) => value === 'yes' || (Array.isArray(value) && value.includes('yes'))

/**
 * The provider form's fields as the API's body.
 *
 * @example
 * providerFromForm({ name: 'Ann Jones', kind: 'personal_assistant', takesDirectPayments: 'yes' })
 */
export function providerFromForm(form: Form): Record<string, unknown> {
  return {
    name: form.name,
    kind: form.kind,
    description: form.description,
    email: form.email,
    phone: form.phone,
    website: form.website,
    cqcLocationId:
      typeof form.cqcLocationId === 'string' ? form.cqcLocationId.trim().toUpperCase() : form.cqcLocationId,
    takesDirectPayments: checked(form.takesDirectPayments),
    holdsIsfs: checked(form.holdsIsfs),
    status: absent(form.status) ?? 'active',
  }
}

/**
 * The service form's fields as the API's body: the rate in pounds, the areas
 * as typed (separated by commas, spaces or lines).
 *
 * @example
 * serviceFromForm({ name: 'Home care', serviceComponent: 'Home support or domiciliary care', areas: 'DN1, DN2', rate: '24.50', rateUnit: 'Hourly' })
 */
export function serviceFromForm(form: Form): Record<string, unknown> {
  const rate = absent(form.rate)
  const pence = rate === undefined ? undefined : penceFromPounds(rate)
  return {
    name: form.name,
    serviceComponent: form.serviceComponent,
    description: form.description,
    areas: String(form.areas ?? '')
      .split(/[\s,;]+/)
      .filter((area) => area !== ''),
    // Not a sum of money: the schema's own message for a rate that is not a whole number of pence.
    ratePence: rate === undefined ? undefined : (pence ?? Number.NaN),
    rateUnit: form.rateUnit,
    status: absent(form.status) ?? 'active',
  }
}
