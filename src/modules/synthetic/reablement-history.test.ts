import { describe, expect, it } from 'vitest'
import { addDays } from '../../kernel/dates.ts'
import { sequelFor } from '../reablement/sequels.ts'
import { COUNCIL_SIZES, generateCouncil } from './generate-council.ts'

const AS_OF = '2026-06-15'
const council = generateCouncil({ people: COUNCIL_SIZES.small, seed: 1, asOf: AS_OF, councilCode: 'SYNTH' })
const { episodes, checks } = council.reablement

describe('the reablement history of a synthetic council', () => {
  it('gives each reablement that started in the year its episode, linked to its Service event', () => {
    const started = council.events.filter(
      (e) =>
        e.service_type === 'Short term support: ST-Max' &&
        e.event_start_on >= addDays(AS_OF, -364) &&
        e.event_start_on <= AS_OF,
    )
    expect(episodes.length).toBe(started.length)
    expect(episodes.length).toBeGreaterThan(50)
    for (const e of started) {
      expect(e.source?.table).toBe('reablement_episodes')
      const episode = episodes[e.source?.index as number]
      expect(episode).toMatchObject({
        person: e.person,
        started_on: e.event_start_on,
        ended_on: e.event_end_on,
      })
    }
  })

  it('records a sequel from the reablement module’s list for each ended episode, and none for an open one', () => {
    for (const e of episodes) {
      if (e.ended_on === null) {
        expect([e.sequel, e.event_outcome, e.ended_by]).toEqual([null, null, null])
      } else {
        expect(sequelFor(e.sequel)).toBeDefined()
        expect(e.ended_on >= e.started_on).toBe(true)
      }
      if (e.request !== null) expect(council.requests[e.request]?.person).toBe(e.person)
    }
    expect(episodes.some((e) => e.ended_on === null)).toBe(true)
  })

  it('checks at home 91 days after each discharge, leaving some checks due', () => {
    for (const c of checks) {
      const episode = episodes[c.episode]
      expect(episode?.discharged_on).toBe(c.discharged_on)
      expect(c.due_on).toBe(addDays(c.discharged_on, 91))
      expect(c.discharged_on <= (episode?.started_on as string)).toBe(true)
      if (c.checked_on !== null) {
        expect(c.checked_on >= c.due_on && c.checked_on <= AS_OF).toBe(true)
        expect(c.result).not.toBeNull()
      } else expect(c.result).toBeNull()
    }
    expect(checks.some((c) => c.result === 'at_home')).toBe(true)
    expect(checks.some((c) => c.result === null && c.due_on <= AS_OF)).toBe(true)
  })
})
