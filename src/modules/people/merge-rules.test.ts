import { describe, expect, it } from 'vitest'
import { type FillableDetails, fieldsToFill, type MergeFacts, mergeRefusals } from './merge-rules.ts'

const clear: MergeFacts = {
  keptName: 'Ada Lovelace',
  duplicateName: 'Ada Lovelace',
  duplicateFromFile: false,
  bothHaveActivePlan: false,
  bothInReablement: false,
  linkedAsCarers: false,
  sharedCarerLinks: 0,
}

describe('when two records cannot be merged', () => {
  it.each<[string, Partial<MergeFacts>, RegExp[]]>([
    ['nothing in the way', {}, []],
    ['a duplicate from a CLD file', { duplicateFromFile: true }, [/came in a Client Level Data file/]],
    [
      'a plan in effect on each',
      { bothHaveActivePlan: true },
      [/Both records have a support plan in effect/],
    ],
    ['reablement under way on each', { bothInReablement: true }, [/Both records have reablement under way/]],
    ['one the other’s carer', { linkedAsCarers: true }, [/is linked as Ada Lovelace’s carer/]],
    ['both linked to the same carer', { sharedCarerLinks: 1 }, [/linked to the same carer/]],
    [
      'several at once, each said',
      { duplicateFromFile: true, bothHaveActivePlan: true, sharedCarerLinks: 2 },
      [/Client Level Data file/, /support plan in effect/, /same carer/],
    ],
  ])('%s', (_name, facts, expected) => {
    const refusals = mergeRefusals({ ...clear, ...facts })
    expect(refusals).toHaveLength(expected.length)
    for (const [i, pattern] of expected.entries()) expect(refusals[i]).toMatch(pattern)
  })
})

describe('what the duplicate fills in', () => {
  it.each<[string, FillableDetails, FillableDetails, string[]]>([
    [
      'nothing when the kept record has it all',
      { nhs_number: '9434765919' },
      { nhs_number: '4010232137' },
      [],
    ],
    ['a blank the duplicate knows', { nhs_number: null }, { nhs_number: '9434765919' }, ['nhs_number']],
    [
      'an unknown code',
      { gender: 'Unknown', has_unpaid_carer: 'Unknown' },
      { gender: 'Female', has_unpaid_carer: 'Yes' },
      ['gender', 'has_unpaid_carer'],
    ],
    ['not a blank from the duplicate', { postcode: null }, { postcode: '  ' }, []],
    ['not an unknown from the duplicate', { ethnicity: null }, { ethnicity: 'Unknown' }, []],
    [
      'a CLD record’s missing name and date of birth',
      { given_name: null, family_name: null, date_of_birth: null },
      { given_name: 'Ada', family_name: 'Lovelace', date_of_birth: '1950-12-10' },
      ['given_name', 'family_name', 'date_of_birth'],
    ],
  ])('%s', (_name, kept, duplicate, fields) => {
    expect(fieldsToFill(kept, duplicate).map((f) => f.field)).toEqual(fields)
  })

  it('takes the duplicate’s value and names it as the form does', () => {
    expect(fieldsToFill({ postcode: '' }, { postcode: 'LS2 7HY' })).toEqual([
      { field: 'postcode', label: 'Postcode', value: 'LS2 7HY' },
    ])
  })
})
