import { describe, expect, it } from 'vitest'
import { repeatedFields } from './repeated-fields.ts'

describe('repeatedFields', () => {
  const errors = [
    { field: 'lines.1.provider', message: 'Enter the provider' },
    { field: 'lines.10.provider', message: 'Not this row' },
  ]

  it.each([
    ['the posted name', (row: ReturnType<typeof repeatedFields>) => row.name('provider'), 'lines.1.provider'],
    [
      'the id the error summary links to',
      (row: ReturnType<typeof repeatedFields>) => row.id('provider'),
      'lines-1-provider',
    ],
    [
      'its own row’s error',
      (row: ReturnType<typeof repeatedFields>) => row.error('provider'),
      { text: 'Enter the provider' },
    ],
    [
      'no error for a field without one',
      (row: ReturnType<typeof repeatedFields>) => row.error('units'),
      undefined,
    ],
    ['its number counting from 1', (row: ReturnType<typeof repeatedFields>) => row.number, 2],
  ])('gives %s', (_what, pick, expected) => {
    expect(pick(repeatedFields('lines', 1, errors))).toEqual(expected)
  })
})
