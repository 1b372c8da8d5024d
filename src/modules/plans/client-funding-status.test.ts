import { describe, expect, it } from 'vitest'
import { clientFundingStatus } from './client-funding-status.ts'
import type { FundingSource } from './plan-input.ts'

describe('a plan’s client funding status', () => {
  it.each<[FundingSource[], string | undefined]>([
    [['council'], 'Fully social care funded'],
    [['council', 'council'], 'Fully social care funded'],
    [['nhs', 'pooled_fund'], 'Fully social care funded'],
    [['council', 'person_contribution'], 'Joint client and social care funded'],
    [['pooled_fund', 'person_contribution', 'person_contribution'], 'Joint client and social care funded'],
    [['person_contribution'], 'Fully client funded'],
    [['person_contribution', 'person_contribution'], 'Fully client funded'],
    [[], undefined],
  ])('%j: %s', (sources, status) => {
    expect(clientFundingStatus(sources)).toBe(status)
  })
})
