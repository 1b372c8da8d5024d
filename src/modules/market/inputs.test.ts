import { describe, expect, it } from 'vitest'
import { ValidationProblem } from '../../kernel/problem.ts'
import { parseInput } from '../../kernel/validation.ts'
import { providerFromForm, providerSchema, serviceFromForm, serviceSchema } from './inputs.ts'

const errorsOf = (schema: Parameters<typeof parseInput>[0], body: unknown) => {
  try {
    parseInput(schema, body)
    return []
  } catch (error) {
    if (!(error instanceof ValidationProblem)) throw error
    return error.errors
  }
}

const PROVIDER = { name: 'Caring Hands Ltd', kind: 'organisation' }
const SERVICE = { name: 'Home care', serviceComponent: 'Home support or domiciliary care' }

describe('providerSchema', () => {
  it('keeps a provider with only a name and a kind, neither paid by direct payment nor ISF, active', () => {
    expect(parseInput(providerSchema, PROVIDER)).toEqual({
      ...PROVIDER,
      takesDirectPayments: false,
      holdsIsfs: false,
      status: 'active',
    })
  })

  it.each([
    ['no name', { kind: 'organisation' }, 'name', 'Enter the provider’s name'],
    ['a blank name', { ...PROVIDER, name: '  ' }, 'name', 'Enter the provider’s name'],
    [
      'a name too long',
      { ...PROVIDER, name: 'x'.repeat(201) },
      'name',
      'The name must be 200 characters or fewer',
    ],
    ['an unknown kind', { ...PROVIDER, kind: 'agency' }, 'kind', 'Choose what kind of provider it is'],
    [
      'an email without @',
      { ...PROVIDER, email: 'office.example' },
      'email',
      'Enter an email address like name@example.org',
    ],
    [
      'a phone of letters',
      { ...PROVIDER, phone: 'call us' },
      'phone',
      'Enter a phone number like 01302 734000',
    ],
    [
      'a website without https',
      { ...PROVIDER, website: 'caringhands.example' },
      'website',
      'Enter a website address starting https://',
    ],
    [
      'a website of another scheme',
      { ...PROVIDER, website: 'ftp://caringhands.example' },
      'website',
      'Enter a website address starting https://',
    ],
    [
      'a CQC ID of the wrong shape',
      { ...PROVIDER, cqcLocationId: '123456789' },
      'cqcLocationId',
      'Enter a CQC location ID like 1-123456789',
    ],
    ['a status HSDS has not', { ...PROVIDER, status: 'open' }, 'status', 'Choose the provider’s status'],
    [
      'direct payments as a word',
      { ...PROVIDER, takesDirectPayments: 'yes' },
      'takesDirectPayments',
      'Say whether it takes direct payments',
    ],
  ])('refuses %s', (_what, body, field, message) => {
    expect(errorsOf(providerSchema, body)).toEqual([{ field, message }])
  })
})

describe('serviceSchema', () => {
  it('turns areas into postcode districts, once each, whole postcodes to their district', () => {
    expect(parseInput(serviceSchema, { ...SERVICE, areas: ['dn1', 'DN4 5AB', 'DN1'] }).areas).toEqual([
      'DN1',
      'DN4',
    ])
  })

  it.each([
    ['no kind of service', { name: 'Home care' }, 'serviceComponent', 'Choose what the service is'],
    [
      'a kind outside the CLD list',
      { ...SERVICE, serviceComponent: 'Gardening' },
      'serviceComponent',
      'Choose what the service is',
    ],
    [
      'an area that is no district',
      { ...SERVICE, areas: ['DN1', 'Doncaster'] },
      'areas',
      '“Doncaster” is not a postcode district like DN1 or SW1A',
    ],
    [
      'a negative rate',
      { ...SERVICE, ratePence: -1, rateUnit: 'Hourly' },
      'ratePence',
      'The rate must be £0 or more',
    ],
    [
      'a rate in part pence',
      { ...SERVICE, ratePence: 24.5, rateUnit: 'Hourly' },
      'ratePence',
      'Enter the rate as a whole number of pence',
    ],
    ['a rate without a unit', { ...SERVICE, ratePence: 2450 }, 'rateUnit', 'Choose what the rate is for'],
    [
      'a unit without a rate',
      { ...SERVICE, rateUnit: 'Hourly' },
      'ratePence',
      'Enter the rate, or choose no unit',
    ],
    [
      'a one-off rate',
      { ...SERVICE, ratePence: 2450, rateUnit: 'One-off' },
      'rateUnit',
      'Choose what the rate is for',
    ],
  ])('refuses %s', (_what, body, field, message) => {
    expect(errorsOf(serviceSchema, body)).toEqual([{ field, message }])
  })
})

describe('the forms', () => {
  it('reads a provider form: boxes ticked, the CQC ID in capitals', () => {
    expect(
      providerFromForm({
        name: 'Ann Jones',
        kind: 'personal_assistant',
        takesDirectPayments: 'yes',
        cqcLocationId: ' 1-123456789 ',
      }),
    ).toMatchObject({
      takesDirectPayments: true,
      holdsIsfs: false,
      cqcLocationId: '1-123456789',
      status: 'active',
    })
  })

  it.each([
    ['24.50', 2450],
    ['£1,250', 125_000],
    ['', undefined],
  ])('reads a rate of %j pounds as %j pence', (rate, pence) => {
    expect(serviceFromForm({ ...SERVICE, rate, rateUnit: 'Hourly' }).ratePence).toBe(pence)
  })

  it('reads areas separated by commas, spaces or lines, and a rate that is no money as an error', () => {
    const form = serviceFromForm({
      ...SERVICE,
      areas: 'DN1, DN2\nDN4;  DN5',
      rate: 'twelve',
      rateUnit: 'Hourly',
    })
    expect(form.areas).toEqual(['DN1', 'DN2', 'DN4', 'DN5'])
    expect(errorsOf(serviceSchema, form).map((e) => e.field)).toEqual(['ratePence'])
  })
})
