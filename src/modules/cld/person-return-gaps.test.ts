import { describe, expect, it } from 'vitest'
import { personReturnGaps } from './person-return-gaps.ts'

const TODAY = '2026-06-15'
const COMPLETE = {
  client_type: 'Service user',
  la_person_id: 'P1',
  nhs_number: '9990000107',
  gender: 'Male',
  ethnicity: 'White: Irish',
  date_of_birth: '1950-06-27',
  postcode: 'LS6 1AA',
  primary_support_reason: 'Mental health support',
  accommodation_status: 'Tenant: Private landlord',
  has_unpaid_carer: 'No',
}
const BLANK = 'Blank, but this row must have it'

describe('what the CLD return will flag in a person’s details', () => {
  it.each([
    ['nothing, for a service user with every detail', COMPLETE, []],
    ['a missing NHS number', { ...COMPLETE, nhs_number: null }, [['nhs_number', BLANK]]],
    ['a blank ethnicity', { ...COMPLETE, ethnicity: '' }, [['ethnicity', BLANK]]],
    [
      'a gender not in the code list',
      { ...COMPLETE, gender: 'Mystery' },
      [['gender', 'Not a value in the CLD code list']],
    ],
    [
      'employment status, of someone aged 18 to 64 with a learning disability',
      { ...COMPLETE, date_of_birth: '1990-06-27', primary_support_reason: 'Learning disability support' },
      [['employment_status', BLANK]],
    ],
    [
      'no employment status, of someone aged 65 or over with a learning disability',
      { ...COMPLETE, primary_support_reason: 'Learning disability support' },
      [],
    ],
    [
      'a carer’s missing details',
      { ...COMPLETE, client_type: 'Unpaid carer', postcode: null, has_unpaid_carer: null },
      [
        ['postcode', BLANK],
        ['has_unpaid_carer', BLANK],
      ],
    ],
    ['every missing detail at once', { client_type: 'Service user', la_person_id: 'P1' }, 'many'],
  ])('%s', (_name, person, expected) => {
    const gaps = personReturnGaps(person, TODAY).map((gap) => [gap.column, gap.problem])
    if (expected === 'many')
      expect(gaps.map(([column]) => column).sort()).toEqual(
        [
          'accommodation_status',
          'date_of_birth',
          'ethnicity',
          'gender',
          'has_unpaid_carer',
          'nhs_number',
          'postcode',
          'primary_support_reason',
        ].sort(),
      )
    else expect(gaps).toEqual(expected)
  })
})
