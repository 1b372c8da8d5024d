import { describe, expect, it } from 'vitest'
import { problemTally } from './return-check.ts'

const problem = (line: number, field: string, text = 'Not in the code list', action = 'Kept as invalid') => ({
  line,
  field,
  value: 'x',
  problem: text,
  action,
})
const kind = (
  field: string,
  rows: number,
  lines: number[],
  text = 'Not in the code list',
  action = 'Kept as invalid',
) => ({
  field,
  problem: text,
  action,
  rows,
  examples: lines.map((line) => ({ line, laPersonId: `P${line}` })),
})

describe('problems gathered by kind', () => {
  it.each([
    ['none', [], []],
    ['one', [problem(2, 'Gender')], [kind('Gender', 1, [2])]],
    [
      'the commonest first, then by field',
      [problem(2, 'Gender'), problem(3, 'Ethnicity'), problem(4, 'Postcode'), problem(5, 'Postcode')],
      [kind('Postcode', 2, [4, 5]), kind('Ethnicity', 1, [3]), kind('Gender', 1, [2])],
    ],
    [
      'the same field with another problem or action apart',
      [problem(2, 'Gender'), problem(3, 'Gender', 'Blank'), problem(4, 'Gender', 'Blank', 'Row dropped')],
      [
        kind('Gender', 1, [3], 'Blank'),
        kind('Gender', 1, [4], 'Blank', 'Row dropped'),
        kind('Gender', 1, [2]),
      ],
    ],
  ])('%s', (_name, problems, kinds) => {
    const tally = problemTally()
    for (const p of problems) tally.add(p, `P${p.line}`)
    expect(tally.kinds()).toEqual(kinds)
  })

  it('counts every row of a kind but keeps only its first rows', () => {
    const tally = problemTally(3)
    for (let line = 2; line < 1_002; line++) tally.add(problem(line, 'Gender'), `P${line}`)
    expect(tally.kinds()).toEqual([kind('Gender', 1_000, [2, 3, 4])])
  })
})
