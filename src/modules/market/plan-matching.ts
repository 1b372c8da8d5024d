import type { Database } from '../../kernel/db/connect.ts'
import { postcodeDistrict } from '../../kernel/postcode.ts'
import type { CurrentUser } from '../identity/store.ts'
import { personName } from '../people/rules.ts'
import { getPerson } from '../people/store.ts'
import { readPlan } from '../plans/actions.ts'
import { needsByDistrict } from '../plans/store.ts'
import { type Gap, type LineNeed, type Match, marketGaps, matchLines } from './matching.ts'
import { activeServices } from './store.ts'

/** A plan line beside the services that could provide it. */
export interface MatchedLine {
  position: number
  serviceType: string
  serviceComponent: string | null
  deliveryMechanism: LineNeed['deliveryMechanism']
  costUnit: string
  unitCostPence: number
  provider: string | null
  matches: Match[]
}

/**
 * A plan's lines, each with the directory's services that could provide it
 * where the person lives (their postcode district), payable the way the
 * line's money is held. The plan read is audited; 404 for another council's.
 *
 * @example
 * const { district, lines } = await planProviders(database, user, planId)
 */
export async function planProviders(database: Database, user: CurrentUser, planId: string) {
  const { plan } = await readPlan(database, user, planId)
  const person = await getPerson(database.db, user.councilId, plan.person_id)
  const district = person?.postcode ? postcodeDistrict(person.postcode) : undefined
  const needs: LineNeed[] = plan.lines.map((l) => ({
    position: l.position,
    serviceComponent: l.service_component,
    deliveryMechanism: l.delivery_mechanism,
    costUnit: l.cost_unit,
    unitCostPence: l.unit_cost_pence,
    provider: l.provider,
  }))
  const components = [...new Set(needs.flatMap((n) => (n.serviceComponent ? [n.serviceComponent] : [])))]
  // Without a district, the whole council's directory: the person's area is not known.
  const services = await activeServices(database.db, user.councilId, { district, components })
  const matched = matchLines(needs, services)
  return {
    plan: { id: plan.id, version: plan.version, personId: plan.person_id, status: plan.status },
    personName: person ? personName(person) : 'Name not recorded',
    district: district ?? null,
    lines: plan.lines.map(
      (l, i): MatchedLine => ({
        position: l.position,
        serviceType: l.service_type,
        serviceComponent: l.service_component,
        deliveryMechanism: l.delivery_mechanism,
        costUnit: l.cost_unit,
        unitCostPence: l.unit_cost_pence,
        provider: l.provider,
        matches: matched[i]?.matches ?? [],
      }),
    ),
  }
}

/**
 * Where the council's plans in effect need a service component and the
 * directory lists nobody (or nobody for the way the money is held): the
 * council's gaps, then what is covered.
 *
 * @example
 * const gaps = await councilMarketGaps(database, user) // [{ serviceComponent, district, people, services: 0, kind: 'none' }, …]
 */
export async function councilMarketGaps(database: Database, user: CurrentUser): Promise<Gap[]> {
  const [needs, services] = await Promise.all([
    needsByDistrict(database.db, user.councilId),
    activeServices(database.db, user.councilId),
  ])
  return marketGaps(needs, services)
}
