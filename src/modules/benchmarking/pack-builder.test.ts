import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildPack, type MeasureFigures, type PackInput } from './pack-builder.ts'
import { type BenchmarkPack, readPack } from './pack-format.ts'

const percent = (code: string, n: number, d: number): MeasureFigures => ({
  code,
  title: code,
  unit: 'percent',
  numerator: n,
  denominator: d,
  value: d ? (n / d) * 100 : null,
})

const input = (measures: MeasureFigures[]): PackInput => ({
  council: { code: 'NTH', name: 'Northshire Council', synthetic: true },
  year: '2024-25',
  generatedAt: new Date('2025-06-01T09:00:00Z'),
  generator: 'ASCEND test',
  measures,
  entered: { deprivationScore: 21.347, ruralPercent: null },
})

const measureIn = (pack: BenchmarkPack, code: string) => pack.measures.find((m) => m.code === code)

describe('buildPack', () => {
  it.each([
    // code, numerator, denominator → published numerator, denominator, value, suppressed
    { n: 47, d: 62, out: { numerator: 45, denominator: 60, value: 75, suppressed: false } },
    { n: 3, d: 62, out: { numerator: null, denominator: 60, value: null, suppressed: true } },
    { n: 60, d: 62, out: { numerator: null, denominator: 60, value: null, suppressed: true } },
    { n: 0, d: 0, out: { numerator: null, denominator: null, value: null, suppressed: true } },
  ])('publishes $n of $d as $out', ({ n, d, out }) => {
    const pack = buildPack(input([percent('REVIEWS-ON-TIME', n, d)]))
    expect(measureIn(pack, 'REVIEWS-ON-TIME')).toMatchObject(out)
  })

  it('works rates per 100,000 out again from the rounded population, and gives the population as context', () => {
    const pack = buildPack(
      input([
        {
          code: 'ASCOF-2C',
          title: '2C',
          unit: 'per 100,000',
          numerator: 312,
          denominator: 61_233,
          value: 509.5,
        },
      ]),
    )
    expect(measureIn(pack, 'ASCOF-2C')).toMatchObject({ numerator: 310, denominator: 61_235, value: 506.25 })
    expect(pack.context.population65plus).toBe(61_235)
  })

  it('gives a median with its count, and withholds it when the count is under 5', () => {
    const median = (d: number): MeasureFigures => ({
      code: 'ASSESSMENT-DAYS-MEDIAN',
      title: 'Median',
      unit: 'days',
      numerator: null,
      denominator: d,
      value: 23.25,
    })
    expect(measureIn(buildPack(input([median(41)])), 'ASSESSMENT-DAYS-MEDIAN')).toMatchObject({
      numerator: null,
      denominator: 40,
      value: 23.3,
      suppressed: false,
    })
    expect(measureIn(buildPack(input([median(4)])), 'ASSESSMENT-DAYS-MEDIAN')).toMatchObject({
      denominator: null,
      value: null,
      suppressed: true,
    })
  })

  it('withholds spend per person with the count of people it is divided by', () => {
    const spend = (code: string, pounds: number, people: number): MeasureFigures => ({
      code,
      title: code,
      unit: 'pounds per person',
      numerator: pounds,
      denominator: people,
      value: pounds / people,
    })
    const pack = buildPack(
      input([
        percent('ASCOF-2E', 80, 103),
        spend('SPEND-PER-PERSON-18-64', 91_234.56, 3),
        spend('SPEND-PER-PERSON-65+', 1_234_567.89, 100),
      ]),
    )
    expect(measureIn(pack, 'SPEND-PER-PERSON-18-64')).toMatchObject({
      numerator: null,
      denominator: null,
      suppressed: true,
    })
    // 103 = 3 + 100: the 65+ count would give the 3 away, so it goes too.
    expect(measureIn(pack, 'SPEND-PER-PERSON-65+')).toMatchObject({
      numerator: null,
      denominator: null,
      suppressed: true,
    })
    expect(pack.context.peopleInLongTermSupport).toBe(105)
  })

  it('keeps the council’s own context figures to one decimal place', () => {
    expect(buildPack(input([])).context).toMatchObject({ deprivationScore: 21.3, ruralPercent: null })
  })
})

// ── Every differencing attack over a pack's related counts ─────────────────
// True figures are made from the groups of people they count, so every
// relation holds exactly. The attacker starts from what the pack says (a
// published count c means c − 2 to c + 2, and at least 5; a missing one could
// be anything) and takes totals and parts from each other again and again
// until nothing narrows. No suppressed count may end up pinned to one value,
// and no small unpublished group (everyone else, or those with a managed
// budget) may end up known to be under 5.

interface Groups {
  dp: number
  managed: number
  commissioned: number
  settled18to64: number
  unsettled18to64: number
  settled65plus: number
  unsettled65plus: number
  reviewed: number
  notReviewed: number
  admitted65: number
  population65: number
}

function figuresOf(g: Groups): MeasureFigures[] {
  const community = g.dp + g.managed + g.commissioned
  const people18to64 = g.settled18to64 + g.unsettled18to64
  const people65plus = g.settled65plus + g.unsettled65plus
  const spend = (code: string, people: number): MeasureFigures => ({
    code,
    title: code,
    unit: 'pounds per person',
    numerator: people * 12_345,
    denominator: people,
    value: people ? 12_345 : null,
  })
  return [
    percent('ASCOF-3D1', g.dp + g.managed, community),
    percent('ASCOF-3D2', g.dp, community),
    percent('ASCOF-2E', g.settled18to64 + g.settled65plus, people18to64 + people65plus),
    spend('SPEND-PER-PERSON-18-64', people18to64),
    spend('SPEND-PER-PERSON-65+', people65plus),
    percent('REVIEWS-ON-TIME', g.reviewed, g.reviewed + g.notReviewed),
    {
      code: 'ASCOF-2C',
      title: '2C',
      unit: 'per 100,000',
      numerator: g.admitted65,
      denominator: g.population65,
      value: (g.admitted65 / g.population65) * 100_000,
    },
  ]
}

type Interval = [number, number]
/** Far above any count here: a missing figure could be anything. */
const UNBOUNDED = 1_000_000_000

/** What the attacker can say about every count and group after differencing to a standstill. */
function attack(pack: BenchmarkPack): Map<string, Interval> {
  const known = new Map<string, Interval>()
  const fromPack = (value: number | null): Interval =>
    value === null ? [0, UNBOUNDED] : [Math.max(5, value - 2), value + 2]
  const m = (code: string) => pack.measures.find((x) => x.code === code)
  const set = (id: string, value: number | null) => {
    const [lo, hi] = fromPack(value)
    const [oldLo, oldHi] = known.get(id) ?? [0, UNBOUNDED]
    known.set(id, [Math.max(lo, oldLo), Math.min(hi, oldHi)])
  }
  set('sds', m('ASCOF-3D1')?.numerator ?? null)
  set('dp', m('ASCOF-3D2')?.numerator ?? null)
  set('community', m('ASCOF-3D1')?.denominator ?? null)
  set('community', m('ASCOF-3D2')?.denominator ?? null)
  set('settled', m('ASCOF-2E')?.numerator ?? null)
  set('lts', m('ASCOF-2E')?.denominator ?? null)
  set('lts', pack.context.peopleInLongTermSupport)
  set('people18to64', m('SPEND-PER-PERSON-18-64')?.denominator ?? null)
  set('people65plus', m('SPEND-PER-PERSON-65+')?.denominator ?? null)
  set('reviewed', m('REVIEWS-ON-TIME')?.numerator ?? null)
  set('cohort', m('REVIEWS-ON-TIME')?.denominator ?? null)
  set('admitted65', m('ASCOF-2C')?.numerator ?? null)
  set('population65', m('ASCOF-2C')?.denominator ?? null)
  for (const hidden of ['managed', 'commissioned', 'notDp', 'unsettled', 'notReviewed', 'notAdmitted65'])
    set(hidden, null)
  const relations: [string, string[]][] = [
    ['community', ['sds', 'commissioned']],
    ['community', ['dp', 'notDp']],
    ['sds', ['dp', 'managed']],
    ['notDp', ['managed', 'commissioned']],
    ['lts', ['settled', 'unsettled']],
    ['lts', ['people18to64', 'people65plus']],
    ['cohort', ['reviewed', 'notReviewed']],
    ['population65', ['admitted65', 'notAdmitted65']],
  ]
  const get = (id: string) => known.get(id) as Interval
  let changed = true
  while (changed) {
    changed = false
    for (const [total, parts] of relations) {
      const [tLo, tHi] = get(total)
      const sumLo = parts.reduce((s, p) => s + get(p)[0], 0)
      const sumHi = parts.reduce((s, p) => s + get(p)[1], 0)
      const narrow = (id: string, lo: number, hi: number) => {
        const [a, b] = get(id)
        const next: Interval = [Math.max(a, Math.ceil(lo)), Math.min(b, Math.floor(hi))]
        if (next[0] !== a || next[1] !== b) {
          known.set(id, next)
          changed = true
        }
      }
      narrow(total, sumLo, sumHi)
      for (const part of parts) {
        const [pLo, pHi] = get(part)
        narrow(part, tLo - (sumHi - pHi), tHi - (sumLo - pLo))
      }
    }
  }
  return known
}

const small = (n: number) => n < 5

describe('buildPack against differencing', () => {
  const groups: fc.Arbitrary<Groups> = fc.record({
    dp: fc.integer({ min: 0, max: 40 }),
    managed: fc.integer({ min: 0, max: 40 }),
    commissioned: fc.integer({ min: 0, max: 40 }),
    settled18to64: fc.integer({ min: 0, max: 30 }),
    unsettled18to64: fc.integer({ min: 0, max: 30 }),
    settled65plus: fc.integer({ min: 0, max: 30 }),
    unsettled65plus: fc.integer({ min: 0, max: 30 }),
    reviewed: fc.integer({ min: 0, max: 30 }),
    notReviewed: fc.integer({ min: 0, max: 30 }),
    admitted65: fc.integer({ min: 0, max: 30 }),
    population65: fc.integer({ min: 5_000, max: 90_000 }),
  })

  it('lets no suppressed count be pinned and no small group be known small, however totals and parts are differenced', () => {
    fc.assert(
      fc.property(groups, (g) => {
        const pack = buildPack(input(figuresOf(g)))
        const known = attack(pack)
        const truth: Record<string, number> = {
          dp: g.dp,
          sds: g.dp + g.managed,
          managed: g.managed,
          commissioned: g.commissioned,
          notDp: g.managed + g.commissioned,
          community: g.dp + g.managed + g.commissioned,
          people18to64: g.settled18to64 + g.unsettled18to64,
          people65plus: g.settled65plus + g.unsettled65plus,
          settled: g.settled18to64 + g.settled65plus,
          unsettled: g.unsettled18to64 + g.unsettled65plus,
          reviewed: g.reviewed,
          notReviewed: g.notReviewed,
          admitted65: g.admitted65,
        }
        const where = JSON.stringify(g)
        for (const [id, value] of Object.entries(truth)) {
          const [lo, hi] = known.get(id) ?? [0, UNBOUNDED]
          expect(
            lo <= value && value <= hi,
            `${id} = ${value} lies in what the attacker worked out, ${where}`,
          ).toBe(true)
          if (small(value)) {
            expect(hi - lo, `${id} pinned in ${where}`).toBeGreaterThan(0)
          }
        }
        // The groups never published: knowing one is under 5 would give it away.
        for (const id of ['managed', 'commissioned', 'notDp', 'unsettled', 'notReviewed']) {
          if (small(truth[id] as number) && !small(knownTotalOf(id, truth))) {
            expect(known.get(id)?.[1], `${id} known to be under 5 in ${where}`).toBeGreaterThanOrEqual(5)
          }
        }
      }),
      { numRuns: 2000 },
    )
  })

  it('always makes a pack that the importer accepts', () => {
    fc.assert(
      fc.property(groups, (g) => {
        const pack = buildPack(input(figuresOf(g)))
        expect(readPack(JSON.parse(JSON.stringify(pack)))).toEqual(pack)
      }),
    )
  })
})

/** The total an unpublished group sits in: when that total is itself under 5, its suppression already says so. */
function knownTotalOf(id: string, truth: Record<string, number>): number {
  const within: Record<string, string> = {
    managed: 'sds',
    commissioned: 'community',
    notDp: 'community',
    unsettled: 'settled',
    notReviewed: 'notReviewed',
  }
  if (id === 'unsettled') return (truth.people18to64 ?? 0) + (truth.people65plus ?? 0)
  if (id === 'notReviewed') return (truth.reviewed ?? 0) + (truth.notReviewed ?? 0)
  return truth[within[id] as string] ?? 0
}
