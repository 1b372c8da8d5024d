import { describe, expect, it } from 'vitest'
import { fieldErrorsOf } from '../../../test/support/field-errors.ts'
import { parseInput } from '../../kernel/validation.ts'
import { offerSchema, replySchema, withdrawSchema } from './offer-inputs.ts'

const TODAY = '2026-06-15'
const PROVIDER = '0f8fad5b-d9cb-469f-a165-70867728950e'

describe('offerSchema', () => {
  const schema = offerSchema(TODAY)
  it('takes a line, a provider, a start from today and an optional message', () => {
    expect(
      parseInput(schema, { linePosition: '2', providerId: PROVIDER, startOn: TODAY, message: ' ' }),
    ).toEqual({
      linePosition: 2,
      providerId: PROVIDER,
      startOn: TODAY,
    })
  })
  it.each([
    [{}, ['linePosition', 'providerId', 'startOn']],
    [
      { linePosition: '0', providerId: 'x', startOn: '2026-06-14' },
      ['linePosition', 'providerId', 'startOn'],
    ],
    [{ linePosition: 1.5, providerId: PROVIDER, startOn: '2026-02-30' }, ['linePosition', 'startOn']],
    [{ linePosition: 1, providerId: PROVIDER, startOn: TODAY, message: 'x'.repeat(1001) }, ['message']],
  ])('refuses %j', (body, fields) => {
    expect(fieldErrorsOf(() => parseInput(schema, body)).map((e) => e.field)).toEqual(fields)
  })
  it('says what is wrong with the start date', () => {
    expect(
      fieldErrorsOf(() =>
        parseInput(schema, { linePosition: 1, providerId: PROVIDER, startOn: '2026-06-14' }),
      ),
    ).toEqual([{ field: 'startOn', message: 'Start date must be today or in the future' }])
  })
})

describe('replySchema', () => {
  const schema = replySchema(TODAY)
  it.each([
    [
      { decision: 'accept', acceptedStartOn: TODAY },
      { decision: 'accept', acceptedStartOn: TODAY },
    ],
    [
      { decision: 'decline', declineReason: 'rate' },
      { decision: 'decline', declineReason: 'rate' },
    ],
    [
      { decision: 'decline', declineReason: 'other', declineDetails: 'Staff off sick' },
      { decision: 'decline', declineReason: 'other', declineDetails: 'Staff off sick' },
    ],
  ])('takes %j', (body, expected) => {
    expect(parseInput(schema, body)).toEqual(expected)
  })
  it.each([
    [{}, [{ field: 'decision', message: 'Choose whether you can take this package' }]],
    [{ decision: 'maybe' }, [{ field: 'decision', message: 'Choose whether you can take this package' }]],
    [{ decision: 'accept' }, [{ field: 'acceptedStartOn', message: 'Enter the date you can start' }]],
    [
      { decision: 'accept', acceptedStartOn: '2026-06-14' },
      [{ field: 'acceptedStartOn', message: 'Start date must be today or in the future' }],
    ],
    [
      { decision: 'decline' },
      [{ field: 'declineReason', message: 'Choose why you cannot take this package' }],
    ],
    [
      { decision: 'decline', declineReason: 'other' },
      [{ field: 'declineDetails', message: 'Say why you cannot take it' }],
    ],
  ])('refuses %j', (body, errors) => {
    expect(fieldErrorsOf(() => parseInput(schema, body))).toEqual(errors)
  })
})

describe('withdrawSchema', () => {
  it('takes an optional reason of at most 1,000 characters', () => {
    expect(parseInput(withdrawSchema, {})).toEqual({})
    expect(
      fieldErrorsOf(() => parseInput(withdrawSchema, { withdrawnReason: 'x'.repeat(1001) })).map(
        (e) => e.field,
      ),
    ).toEqual(['withdrawnReason'])
  })
})
