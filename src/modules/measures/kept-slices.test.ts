import { describe, expect, it } from 'vitest'
import { changesIn, coverEveryone } from './kept-slices.ts'
import { PAST_EVERY_PERSON } from './person-slices.ts'
import { FIRST_PERSON } from './sql.ts'
import { versionOfPeople } from './store.ts'

const A = '40000000-0000-4000-8000-000000000000'
const B = 'a0000000-0000-4000-8000-000000000000'

describe('kept slices', () => {
  it.each([
    ['one slice of everyone', [[FIRST_PERSON, PAST_EVERY_PERSON]], true],
    [
      'two slices meeting',
      [
        [FIRST_PERSON, A],
        [A, PAST_EVERY_PERSON],
      ],
      true,
    ],
    [
      'three slices meeting',
      [
        [FIRST_PERSON, A],
        [A, B],
        [B, PAST_EVERY_PERSON],
      ],
      true,
    ],
    ['none', [], false],
    [
      'a gap',
      [
        [FIRST_PERSON, A],
        [B, PAST_EVERY_PERSON],
      ],
      false,
    ],
    ['not from the start', [[A, PAST_EVERY_PERSON]], false],
    [
      'not to the end',
      [
        [FIRST_PERSON, A],
        [A, B],
      ],
      false,
    ],
    [
      'overlapping',
      [
        [FIRST_PERSON, B],
        [A, PAST_EVERY_PERSON],
      ],
      false,
    ],
  ] as const)('%s: covers everyone %s', (_what, bounds, covers) => {
    expect(coverEveryone(bounds.map(([first, next]) => ({ first, next })))).toBe(covers)
  })

  it.each([
    [
      'the first slice, its first id included',
      FIRST_PERSON,
      A,
      [FIRST_PERSON, '3fffffff-ffff-4fff-bfff-ffffffffffff'],
      2,
    ],
    ['a slice, its next id left out', A, B, [A, B, '7fffffff-0000-4000-8000-000000000000'], 2],
    ['the last slice', B, PAST_EVERY_PERSON, [B, 'ffffffff-0000-4000-8000-000000000000'], 2],
    ['a slice no one in it changed', A, B, [FIRST_PERSON, B], 0],
  ] as const)('in %s, finds the changes to its people', (_what, first, next, people, found) => {
    const changes = people.map((personId, at) => ({ personId, id: at + 1 }))
    expect(changesIn(changes, { first, next })).toHaveLength(found)
  })

  it.each([
    [[], '0-0'],
    [[{ personId: A, id: 7 }], '1-7'],
    [
      [
        { personId: A, id: 9 },
        { personId: B, id: 4 },
      ],
      '2-9',
    ],
    // A change that commits after a later one leaves the highest id as it was: the count still moves.
    [
      [
        { personId: A, id: 9 },
        { personId: B, id: 4 },
        { personId: B, id: 5 },
      ],
      '3-9',
    ],
  ] as const)('versions the changes %j as %s', (changes, version) => {
    expect(versionOfPeople(changes)).toBe(version)
  })
})
