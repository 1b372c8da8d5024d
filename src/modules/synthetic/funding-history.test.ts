import { describe, expect, it } from 'vitest'
import { daysToDecision, median } from '../decisions/decision-cost.ts'
import { COUNCIL_SIZES, generateCouncil } from './generate-council.ts'

const AS_OF = '2026-06-15'
const council = generateCouncil({ people: COUNCIL_SIZES.medium, seed: 1, asOf: AS_OF, councilCode: 'SYNTH' })
const funding = council.funding
const decided = funding.fundingRequests.filter((r) => r.decided_at !== null && r.status !== 'deferred')

describe('the funding history of a synthetic council', () => {
  it('is the same for the same seed, with requests at every level', () => {
    const again = generateCouncil({
      people: COUNCIL_SIZES.medium,
      seed: 1,
      asOf: AS_OF,
      councilCode: 'SYNTH',
    })
    expect(again.funding).toEqual(funding)
    expect(funding.plans.length).toBeGreaterThan(300)
    expect(new Set(funding.fundingRequests.map((r) => r.route))).toEqual(
      new Set(['practitioner', 'team_manager', 'head_of_service', 'panel']),
    )
  })

  it.each([
    { route: 'practitioner', low: 0, high: 0 },
    { route: 'team_manager', low: 3, high: 7 },
    { route: 'head_of_service', low: 7, high: 14 },
    { route: 'panel', low: 14, high: 35 },
  ])('takes realistic days to decide at $route: median from $low to $high', ({ route, low, high }) => {
    const days = decided
      .filter((r) => r.route === route)
      .map((r) => daysToDecision(new Date(r.submitted_at), new Date(r.decided_at as string)))
    expect(days.length).toBeGreaterThan(5)
    const middle = median(days) as number
    expect(middle).toBeGreaterThanOrEqual(low)
    expect(middle).toBeLessThanOrEqual(high)
  })

  it('amends about one decision in ten above the practitioner and refuses a few', () => {
    const above = decided.filter((r) => r.route !== 'practitioner')
    const share = (status: string) => above.filter((r) => r.status === status).length / above.length
    expect(share('amended')).toBeGreaterThan(0.06)
    expect(share('amended')).toBeLessThan(0.16)
    expect(share('refused')).toBeGreaterThan(0.01)
    expect(share('refused')).toBeLessThan(0.07)
    for (const r of decided.filter((x) => x.status === 'amended')) {
      expect(r.approved_weekly_pence).toBeLessThan(r.weekly_cost_pence)
      expect(r.reasons).toBeTruthy()
    }
  })

  it('routes every care home placement to the panel, by the demo scheme', () => {
    const careHome = new Set(
      funding.planLines.filter((l) => l.service_type !== 'Long term support: Community').map((l) => l.plan),
    )
    for (const r of funding.fundingRequests.filter((x) => careHome.has(x.plan))) expect(r.route).toBe('panel')
  })

  it('keeps one plan in effect per person and one version open per series, versions in order', () => {
    const active = new Map<number, number>()
    const open = new Map<number, number>()
    const versions = new Map<number, number[]>()
    for (const p of funding.plans) {
      if (p.status === 'active') active.set(p.person, (active.get(p.person) ?? 0) + 1)
      if (p.status === 'draft' || p.status === 'submitted') open.set(p.series, (open.get(p.series) ?? 0) + 1)
      versions.set(p.series, [...(versions.get(p.series) ?? []), p.version])
      if (p.status === 'active') expect(p.approved_weekly_pence).not.toBeNull()
      if (p.active_to !== null) expect(p.active_to >= (p.active_from as string)).toBe(true)
    }
    expect(Math.max(...active.values())).toBe(1)
    expect(Math.max(0, ...open.values())).toBeLessThanOrEqual(1)
    for (const list of versions.values()) expect(list).toEqual(list.map((_, i) => i + 1))
  })

  it('costs each plan as its lines, and links each long-term Service event to its person’s plan', () => {
    for (const [index, plan] of funding.plans.entries()) {
      const lines = funding.planLines.filter((l) => l.plan === index)
      expect(lines.length).toBeGreaterThan(0)
      expect(plan.weekly_cost_pence).toBe(lines.reduce((sum, l) => sum + l.weekly_pence, 0))
    }
    const linked = council.events.filter((e) => e.source?.table === 'support_plans')
    expect(linked.length).toBeGreaterThan(200)
    for (const e of linked) {
      expect(funding.plans[e.source?.index as number]?.person).toBe(e.person)
      expect(e.service_type?.startsWith('Long term')).toBe(true)
    }
  })

  it('records the steps of each request in order, panel decisions at meetings their deciders sat on', () => {
    const byRequest = new Map<number, typeof funding.decisionSteps>()
    for (const s of funding.decisionSteps) byRequest.set(s.request, [...(byRequest.get(s.request) ?? []), s])
    for (const [index, steps] of byRequest) {
      const request = funding.fundingRequests[index]
      expect(steps.slice(0, 2).map((s) => s.step)).toEqual(['submitted', 'routed'])
      expect(steps[0]?.at).toBe(request?.submitted_at)
      for (let i = 1; i < steps.length; i++)
        expect((steps[i]?.at as string) >= (steps[i - 1]?.at as string)).toBe(true)
      for (const s of steps.filter((x) => x.level === 'panel' && x.meeting !== null && x.step !== 'listed')) {
        const meeting = funding.panelMeetings[s.meeting as number]
        expect(meeting?.members).toContain(s.user)
        expect(s.at.slice(0, 10)).toBe(meeting?.meets_on)
      }
    }
    for (const s of funding.decisionSteps) {
      if (s.minutes !== null) expect(Number.isInteger(s.minutes) && s.minutes >= 0).toBe(true)
    }
  })

  it('holds panel meetings every other week, with minutes once held, and leaves work waiting at the as-of date', () => {
    const days = funding.panelMeetings.map((m) => m.meets_on)
    expect(days).toEqual([...days].sort())
    for (const m of funding.panelMeetings) {
      expect(m.members).toContain(m.chair)
      expect(m.status === 'held').toBe(m.meets_on <= AS_OF)
      if (m.status === 'held') expect(m.minutes).toMatch(/^Present: /)
    }
    const waiting = funding.fundingRequests.filter((r) => r.status === 'pending' || r.status === 'deferred')
    expect(waiting.some((r) => r.route === 'panel')).toBe(true)
    expect(waiting.some((r) => r.route === 'team_manager')).toBe(true)
    const planned = funding.panelMeetings.findIndex((m) => m.status === 'planned')
    expect(funding.agendaItems.some((i) => i.meeting === planned && i.outcome === null)).toBe(true)
    for (const r of funding.fundingRequests) {
      expect(r.submitted_at.slice(0, 10) <= AS_OF).toBe(true)
      if (r.decided_at) expect(r.decided_at.slice(0, 10) <= AS_OF).toBe(true)
    }
  })
})
