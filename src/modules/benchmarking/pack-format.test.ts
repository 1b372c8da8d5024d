import { describe, expect, it } from 'vitest'
import {
  type BenchmarkPack,
  PackProblem,
  packToCsv,
  readPack,
  readPackText,
  valueFromFigures,
} from './pack-format.ts'

const pack: BenchmarkPack = {
  format: 'ascend-benchmark-pack',
  version: 1,
  council: { code: 'NTH', name: 'Northshire Council', synthetic: false },
  year: '2024-25',
  generatedAt: '2025-06-01T09:00:00.000Z',
  generator: 'ASCEND 0.1.0',
  disclosureControl: { suppressedBelow: 5, roundedTo: 5 },
  context: {
    population18to64: 203_455,
    population65plus: 61_235,
    peopleInLongTermSupport: 3_120,
    deprivationScore: 21.3,
    ruralPercent: null,
  },
  measures: [
    {
      code: 'ASCOF-2A',
      title: 'Short-term support, no further request',
      unit: 'percent',
      numerator: 45,
      denominator: 60,
      value: 75,
      suppressed: false,
    },
    {
      code: 'HOMECARE-10H',
      title: 'Home care packages of 10 or more hours a week',
      unit: 'percent',
      numerator: null,
      denominator: 60,
      value: null,
      suppressed: true,
    },
    {
      code: 'ASSESSMENT-DAYS-MEDIAN',
      title: 'Days to assessment, "median"',
      unit: 'days',
      numerator: null,
      denominator: 40,
      value: 23.5,
      suppressed: false,
    },
  ],
}

const problemOf = (run: () => unknown) => {
  try {
    run()
  } catch (error) {
    if (error instanceof PackProblem) return error.errors
    throw error
  }
  throw new Error('Expected a PackProblem')
}

describe('readPack', () => {
  it('reads a version 1 pack', () => {
    expect(readPack(structuredClone(pack))).toEqual(pack)
  })

  it.each([
    [
      2,
      'This pack is version 2; ASCEND reads version 1 packs. Ask Northshire Council to export it again as a version 1 pack.',
    ],
    [
      0,
      'This pack is version 0; ASCEND reads version 1 packs. Ask Northshire Council to export it again as a version 1 pack.',
    ],
    [
      undefined,
      'This pack is version missing; ASCEND reads version 1 packs. Ask Northshire Council to export it again as a version 1 pack.',
    ],
  ])('refuses a pack of version %s, saying what to do', (version, message) => {
    expect(problemOf(() => readPack({ ...pack, version }))).toEqual([{ field: 'version', message }])
  })

  it('refuses a file that is not a pack', () => {
    expect(problemOf(() => readPack({ hello: 'world' }))[0]?.message).toMatch(/not an ASCEND benchmark pack/)
    expect(problemOf(() => readPack([1, 2]))[0]?.message).toMatch(/not a benchmark pack/)
  })

  it.each([
    [
      'a count under 5',
      { numerator: 3 },
      'Measure ASCOF-2A, numerator: Counts in a benchmark pack must be rounded',
    ],
    [
      'a count not rounded',
      { numerator: 47 },
      'Measure ASCOF-2A, numerator: Counts in a benchmark pack must be rounded',
    ],
    [
      'a value not from its figures',
      { value: 78.33 },
      'Measure ASCOF-2A, value: ASCOF-2A’s value is not worked out',
    ],
    [
      'a value on a suppressed measure',
      { suppressed: true },
      'Measure ASCOF-2A, value: ASCOF-2A is suppressed',
    ],
    ['an unknown unit', { unit: 'furlongs' }, 'Measure ASCOF-2A, unit: The unit must be one of'],
    [
      'a value without its figures',
      { numerator: null },
      'Measure ASCOF-2A, value: ASCOF-2A has a value but not both',
    ],
  ])('refuses %s', (_what, change, message) => {
    const bad = structuredClone(pack)
    Object.assign(bad.measures[0] as object, change)
    expect(problemOf(() => readPack(bad))[0]?.message).toContain(message)
  })

  it('refuses a measure given twice and a year that is not a financial year', () => {
    const bad = structuredClone(pack)
    bad.measures.push(structuredClone(bad.measures[0] as (typeof bad.measures)[number]))
    bad.year = '2024-26'
    const messages = problemOf(() => readPack(bad)).map((e) => e.message)
    expect(messages).toContain('year: The year must be a financial year, like 2024-25')
    expect(messages).toContain('Measure ASCOF-2A, code: ASCOF-2A appears twice')
  })
})

describe('the CSV form', () => {
  it('reads back as the same pack', () => {
    expect(readPackText(packToCsv(pack))).toEqual(pack)
  })

  it('starts with a header naming every column', () => {
    expect(packToCsv(pack).split('\n')[0]).toBe(
      'format,version,council_code,council_name,synthetic,year,generated_at,generator,suppressed_below,rounded_to,section,code,title,unit,numerator,denominator,value,suppressed',
    )
  })

  it('refuses a CSV pack of another version with the same message', () => {
    const csv = packToCsv(pack).replace(/ascend-benchmark-pack,1,/g, 'ascend-benchmark-pack,3,')
    expect(problemOf(() => readPackText(csv))[0]?.message).toBe(
      'This pack is version 3; ASCEND reads version 1 packs. Ask Northshire Council to export it again as a version 1 pack.',
    )
  })
})

describe('readPackText', () => {
  it.each([
    ['', 'The file is empty'],
    ['{"format": ', 'The file is not valid JSON'],
    ['name,age\nAda,36', 'The file is not an ASCEND benchmark pack'],
  ])('refuses %j', (text, message) => {
    expect(problemOf(() => readPackText(text))[0]?.message).toContain(message)
  })

  it('reads JSON with a byte-order mark', () => {
    expect(readPackText(`\uFEFF${JSON.stringify(pack)}`)).toEqual(pack)
  })
})

describe('valueFromFigures', () => {
  it.each([
    ['percent', 50, 120, 41.67],
    ['per 100,000', 310, 61_235, 506.25],
    ['ratio', 10, 4, 2.5],
    ['pounds per person', 1_234_565, 100, 12_345.65],
    ['percent', null, 120, null],
    ['days', null, 40, undefined],
  ] as const)('%s of %s over %s is %s', (unit, n, d, value) => {
    expect(valueFromFigures(unit, n, d)).toBe(value)
  })
})
