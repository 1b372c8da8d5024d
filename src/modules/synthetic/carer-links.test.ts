import { describe, expect, it } from 'vitest'
import { RELATIONSHIPS } from '../carers/rules.ts'
import { COUNCIL_SIZES, generateCouncil } from './generate-council.ts'

const AS_OF = '2026-06-15'
const council = generateCouncil({ people: COUNCIL_SIZES.small, seed: 1, asOf: AS_OF, councilCode: 'SYNTH' })
const links = council.carerLinks

describe('the carers of a synthetic council', () => {
  it('links most assessed carers, each to a living adult with an unpaid carer, no adult twice', () => {
    const assessedCarers = new Set(council.assessments.filter((a) => a.kind === 'carer').map((a) => a.person))
    expect(links.length).toBeGreaterThan(assessedCarers.size * 0.4)
    expect(links.length).toBeLessThanOrEqual(assessedCarers.size)
    expect(new Set(links.map((l) => l.cared_for)).size).toBe(links.length)
    for (const link of links) {
      const carer = council.people[link.carer]
      const adult = council.people[link.cared_for]
      expect(assessedCarers.has(link.carer)).toBe(true)
      expect(carer?.client_type).toBe('Unpaid carer')
      expect(adult).toMatchObject({
        client_type: 'Service user',
        has_unpaid_carer: 'Yes',
        date_of_death: null,
      })
      expect(RELATIONSHIPS).toContain(link.relationship)
      expect(link.started_on <= AS_OF).toBe(true)
      expect(council.workers[link.created_by]?.role).toBe('practitioner')
    }
  })

  it('writes each linked carer’s CLD fields naming the adult, and no one else’s', () => {
    const linked = new Map(links.map((l) => [l.carer, l]))
    council.people.forEach((person, index) => {
      const link = linked.get(index)
      if (!link) {
        expect(person.adult_1_linked_person_id ?? null).toBeNull()
        return
      }
      expect(person.adult_1_linked_person_id).toBe(council.people[link.cared_for]?.la_person_id)
      expect(person.no_of_adults_being_cared_for).toBe(1)
      expect(person.total_hrs_caring_per_week).toBe(
        link.hours_a_week === null ? null : String(link.hours_a_week),
      )
    })
  })
})
