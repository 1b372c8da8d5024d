import { describe, expect, it } from 'vitest'
import { fieldErrorsOf } from '../../../test/support/field-errors.ts'
import { parseInput } from '../../kernel/validation.ts'
import { parseUserInput, passwordSchema } from './user-inputs.ts'

const TEAM = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'
describe('a user as an administrator gives them', () => {
  it.each([
    [
      'a practitioner in a team',
      { displayName: 'Ada Lovelace', email: 'Ada@Council.gov.uk ', role: 'practitioner', teamId: TEAM },
      { email: 'ada@council.gov.uk', teamId: TEAM },
    ],
    [
      'an analyst with no team (blank)',
      { displayName: 'Ada', email: 'ada@council.gov.uk', role: 'analyst', teamId: '' },
      { teamId: undefined },
    ],
  ])('accepts %s', (_name, body, expected) => {
    expect(parseUserInput(body)).toMatchObject(expected)
  })

  it.each([
    ['no name', { email: 'a@b.gov.uk', role: 'admin' }, [['displayName', 'Enter the user’s name']]],
    [
      'a name too long',
      { displayName: 'x'.repeat(201), email: 'a@b.gov.uk', role: 'admin' },
      [['displayName', 'The name must be 200 characters or fewer']],
    ],
    [
      'no email',
      { displayName: 'Ada', role: 'admin' },
      [['email', 'Enter an email address like name@council.gov.uk']],
    ],
    [
      'an email without a domain',
      { displayName: 'Ada', email: 'ada', role: 'admin' },
      [['email', 'Enter an email address like name@council.gov.uk']],
    ],
    ['no role', { displayName: 'Ada', email: 'a@b.gov.uk' }, [['role', 'Choose what the user does']]],
    [
      'a role ASCEND has not',
      { displayName: 'Ada', email: 'a@b.gov.uk', role: 'superuser' },
      [['role', 'Choose what the user does']],
    ],
    [
      'a practitioner with no team',
      { displayName: 'Ada', email: 'a@b.gov.uk', role: 'practitioner' },
      [['teamId', 'Choose the team: a practitioner works in one']],
    ],
    [
      'a team manager with no team',
      { displayName: 'Ada', email: 'a@b.gov.uk', role: 'team_manager', teamId: '' },
      [['teamId', 'Choose the team: a team manager works in one']],
    ],
    [
      'a team that is not an id',
      { displayName: 'Ada', email: 'a@b.gov.uk', role: 'finance', teamId: 'ours' },
      [['teamId', 'Choose a team']],
    ],
  ])('refuses %s', (_name, body, expected) => {
    expect(fieldErrorsOf(() => parseUserInput(body)).map((e) => [e.field, e.message])).toEqual(expected)
  })
})

describe('a password set from a link', () => {
  const schema = passwordSchema('ada@council.gov.uk')
  it.each([
    [
      'long enough, typed twice',
      { password: 'correct horse battery', confirmPassword: 'correct horse battery' },
      [],
    ],
    [
      'nothing',
      {},
      [
        ['password', 'Enter a password'],
        ['confirmPassword', 'Enter the password again'],
      ],
    ],
    [
      'too short',
      { password: 'short', confirmPassword: 'short' },
      [['password', 'The password must be at least 10 characters']],
    ],
    [
      'too long',
      { password: 'x'.repeat(201), confirmPassword: 'x'.repeat(201) },
      [['password', 'The password must be 200 characters or fewer']],
    ],
    [
      'the email address',
      { password: 'ADA@council.gov.uk', confirmPassword: 'ADA@council.gov.uk' },
      [['password', 'The password must not be your email address']],
    ],
    [
      'typed differently',
      { password: 'correct horse battery', confirmPassword: 'correct horse batter' },
      [['confirmPassword', 'The passwords do not match']],
    ],
  ])('%s', (_name, body, expected) => {
    expect(fieldErrorsOf(() => parseInput(schema, body)).map((e) => [e.field, e.message])).toEqual(expected)
  })
})
