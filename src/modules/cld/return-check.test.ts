import { describe, expect, it } from 'vitest'
import { problemTally } from './return-check.ts'

const problem = (line: number, field: string, text = 'Not in the code list', action = 'Kept as invalid') => ({
  line,
  field,
  value: 'x',
  problem: text,
  action,
})

describe('problems gathered by kind', () => {
  it.each([
    ['none', [], []],
    [
      'one',
      [problem(2, 'Gender')],
      [{ field: 'Gender', problem: 'Not in the code list', action: 'Kept as invalid', rows: 1, lines: [2] }],
    ],
    [
      'the commonest first, then by field',
      [problem(2, 'Gender'), problem(3, 'Ethnicity'), problem(4, 'Postcode'), problem(5, 'Postcode')],
      [
        {
          field: 'Postcode',
          problem: 'Not in the code list',
          action: 'Kept as invalid',
          rows: 2,
          lines: [4, 5],
        },
        {
          field: 'Ethnicity',
          problem: 'Not in the code list',
          action: 'Kept as invalid',
          rows: 1,
          lines: [3],
        },
        { field: 'Gender', problem: 'Not in the code list', action: 'Kept as invalid', rows: 1, lines: [2] },
      ],
    ],
    [
      'the same field with another problem or action apart',
      [problem(2, 'Gender'), problem(3, 'Gender', 'Blank'), problem(4, 'Gender', 'Blank', 'Row dropped')],
      [
        { field: 'Gender', problem: 'Blank', action: 'Kept as invalid', rows: 1, lines: [3] },
        { field: 'Gender', problem: 'Blank', action: 'Row dropped', rows: 1, lines: [4] },
        { field: 'Gender', problem: 'Not in the code list', action: 'Kept as invalid', rows: 1, lines: [2] },
      ],
    ],
  ])('%s', (_name, problems, kinds) => {
    const tally = problemTally()
    for (const p of problems) tally.add(p)
    expect(tally.kinds()).toEqual(kinds)
  })

  it('counts every row of a kind but keeps only its first lines', () => {
    const tally = problemTally(3)
    for (let line = 2; line < 1_002; line++) tally.add(problem(line, 'Gender'))
    expect(tally.kinds()).toEqual([
      {
        field: 'Gender',
        problem: 'Not in the code list',
        action: 'Kept as invalid',
        rows: 1_000,
        lines: [2, 3, 4],
      },
    ])
  })
})
