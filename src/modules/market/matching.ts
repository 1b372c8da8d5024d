/*
 * Matching a support plan to the directory: for each line, the services that
 * offer what it needs where the person lives, in a way its money can pay for,
 * with their rate beside the line's. And, over the council's plans in effect,
 * where the directory has nobody for what plans need: the gaps a
 * commissioner's market shaping starts from.
 */

/** What a plan line needs of a provider. */
export interface LineNeed {
  position: number
  serviceComponent: string | null
  deliveryMechanism: 'direct_payment' | 'individual_service_fund' | 'managed_budget' | 'commissioned'
  costUnit: string
  unitCostPence: number
  /** The provider the line names, as typed. */
  provider: string | null
}

/** An active service of an active provider in the person's district. */
export interface OfferedService {
  serviceId: string
  serviceName: string
  serviceComponent: string
  providerId: string
  providerName: string
  providerKind: string
  ratePence: number | null
  rateUnit: string | null
  takesDirectPayments: boolean
  holdsIsfs: boolean
}

export interface Match extends OfferedService {
  /** The provider the line names. */
  named: boolean
  /** The service's rate less the line's unit cost, when both are for the same unit; otherwise null. */
  differencePence: number | null
}

/** Whether a service can be bought the way a line's money is held. */
export function paysFor(
  service: Pick<OfferedService, 'takesDirectPayments' | 'holdsIsfs'>,
  line: Pick<LineNeed, 'deliveryMechanism'>,
) {
  if (line.deliveryMechanism === 'direct_payment') return service.takesDirectPayments
  if (line.deliveryMechanism === 'individual_service_fund') return service.holdsIsfs
  return true
}

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase()

/**
 * The services that could provide each line: the same service component,
 * payable the way the line's money is held. The named provider's first, then
 * those priced for the same unit from cheapest, then the rest by name.
 *
 * @example
 * matchLines([{ position: 1, serviceComponent: 'Home support or domiciliary care', deliveryMechanism: 'direct_payment', costUnit: 'Hourly', unitCostPence: 2400, provider: null }], services)
 * // [{ position: 1, matches: [{ providerName: 'Rosa Whitfield', differencePence: -950, … }] }]
 */
export function matchLines(
  lines: readonly LineNeed[],
  services: readonly OfferedService[],
): { position: number; matches: Match[] }[] {
  return lines.map((line) => {
    const matches = services
      .filter((s) => line.serviceComponent !== null && s.serviceComponent === line.serviceComponent)
      .filter((s) => paysFor(s, line))
      .map(
        (s): Match => ({
          ...s,
          named: line.provider !== null && sameName(line.provider, s.providerName),
          differencePence:
            s.ratePence !== null && s.rateUnit === line.costUnit ? s.ratePence - line.unitCostPence : null,
        }),
      )
      .sort(
        (a, b) =>
          Number(b.named) - Number(a.named) ||
          Number(a.differencePence === null) - Number(b.differencePence === null) ||
          (a.differencePence ?? 0) - (b.differencePence ?? 0) ||
          a.providerName.localeCompare(b.providerName) ||
          a.serviceName.localeCompare(b.serviceName),
      )
    return { position: line.position, matches }
  })
}

/** How many people's plans in effect need a service component in a district, and how the money is held. */
export interface DistrictNeed {
  serviceComponent: string
  district: string
  people: number
  /** People of those whose line is held as a direct payment, or as an ISF. */
  directPaymentPeople: number
  isfPeople: number
}

export interface Gap extends DistrictNeed {
  /** Active services offering the component in the district. */
  services: number
  /** Of those, the ones that take direct payments, and that hold ISFs. */
  takingDirectPayments: number
  holdingIsfs: number
  /** Nobody listed, or nobody for the way some of the people's money is held. */
  kind: 'none' | 'direct_payments' | 'isfs' | 'covered'
}

/**
 * Each district's need for a service component beside what the directory
 * lists there: gaps first (none listed, then none for direct payments, then
 * none for ISFs), the most people first within each.
 *
 * @example
 * marketGaps([{ serviceComponent: 'Home support or domiciliary care', district: 'DN7', people: 12, directPaymentPeople: 3, isfPeople: 0 }], [])
 * // [{ …, services: 0, kind: 'none' }]
 */
export function marketGaps(
  needs: readonly DistrictNeed[],
  services: readonly (Pick<OfferedService, 'serviceComponent' | 'takesDirectPayments' | 'holdsIsfs'> & {
    areas: readonly string[]
  })[],
): Gap[] {
  const order = { none: 0, direct_payments: 1, isfs: 2, covered: 3 } as const
  return needs
    .map((need): Gap => {
      const here = services.filter(
        (s) => s.serviceComponent === need.serviceComponent && s.areas.includes(need.district),
      )
      const takingDirectPayments = here.filter((s) => s.takesDirectPayments).length
      const holdingIsfs = here.filter((s) => s.holdsIsfs).length
      const kind =
        here.length === 0
          ? 'none'
          : need.directPaymentPeople > 0 && takingDirectPayments === 0
            ? 'direct_payments'
            : need.isfPeople > 0 && holdingIsfs === 0
              ? 'isfs'
              : 'covered'
      return { ...need, services: here.length, takingDirectPayments, holdingIsfs, kind }
    })
    .sort(
      (a, b) =>
        order[a.kind] - order[b.kind] ||
        b.people - a.people ||
        a.serviceComponent.localeCompare(b.serviceComponent) ||
        a.district.localeCompare(b.district),
    )
}
