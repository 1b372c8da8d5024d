import { describe, expect, it } from 'vitest'
import { parseInput } from '../../kernel/validation.ts'
import { providerSchema, serviceSchema } from '../market/inputs.ts'
import { PROVIDERS, syntheticDirectory } from './directory.ts'
import { POSTCODE_AREA } from './postcodes.ts'

describe('syntheticDirectory', () => {
  const { providers, services } = syntheticDirectory()

  it('passes the directory’s own checks, as if typed in', () => {
    for (const p of providers) {
      expect(() =>
        parseInput(providerSchema, {
          name: p.name,
          kind: p.kind,
          description: p.description,
          email: p.email,
          phone: p.phone,
          cqcLocationId: p.cqc_location_id,
          takesDirectPayments: p.takes_direct_payments,
          holdsIsfs: p.holds_isfs,
        }),
      ).not.toThrow()
    }
    for (const s of services) {
      const parsed = parseInput(serviceSchema, {
        name: s.name,
        serviceComponent: s.service_component,
        areas: s.areas,
        ratePence: s.rate_pence,
        rateUnit: s.rate_unit,
      })
      expect(parsed.areas).toEqual(s.areas)
    }
  })

  it('lists every provider the synthetic plans name, each with a service in the synthetic districts', () => {
    const names = providers.map((p) => p.name)
    for (const name of Object.values(PROVIDERS).flat()) expect(names).toContain(name)
    providers.forEach((_, i) => {
      expect(services.some((s) => s.provider === i)).toBe(true)
    })
    for (const s of services) for (const area of s.areas) expect(area.startsWith(POSTCODE_AREA)).toBe(true)
  })

  it('has micro-providers and personal assistants who take direct payments, and made-up contact details only', () => {
    expect(
      providers.filter((p) => p.kind === 'personal_assistant').every((p) => p.takes_direct_payments),
    ).toBe(true)
    expect(providers.some((p) => p.kind === 'micro_provider')).toBe(true)
    for (const p of providers) {
      if (p.email) expect(p.email.endsWith('.example')).toBe(true)
      if (p.phone) expect(p.phone).toMatch(/^01632 960\d{3}$/)
    }
  })
})
