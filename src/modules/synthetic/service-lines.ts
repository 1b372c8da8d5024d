/**
 * What a synthetic Service event says about the service itself: CLD service
 * type and component, delivery mechanism, and its cost as unit cost (pence),
 * cost frequency and planned units a week (REFERENCE §2: cost a week = unit
 * cost × planned units for hourly, daily and per-session costs).
 */
import type {
  COST_FREQUENCY_UNIT_TYPES,
  DELIVERY_MECHANISMS,
  SERVICE_COMPONENTS,
  SERVICE_TYPES,
} from '../../kernel/code-lists/cld.ts'
import {
  type AgeBand,
  type CommunityMechanism,
  HOME_CARE_HOURS,
  MECHANISM_CODE,
  UNIT_COST_PENCE,
} from './proportions.ts'
import type { Random } from './random.ts'

export interface ServiceLine {
  service_type: (typeof SERVICE_TYPES)[number]
  service_component: (typeof SERVICE_COMPONENTS)[number]
  delivery_mechanism: (typeof DELIVERY_MECHANISMS)[number] | null
  unit_cost_pence: number | null
  cost_frequency_unit_type: (typeof COST_FREQUENCY_UNIT_TYPES)[number] | null
  planned_units_per_week: number | null
}

type CostKey = keyof typeof UNIT_COST_PENCE

/** Draws line contents, priced at the as-of date. */
export class ServiceLines {
  constructor(private readonly random: Random) {}

  private cost(key: CostKey): number {
    const [low, high] = UNIT_COST_PENCE[key]
    return this.random.int(low, high)
  }

  private hours(low: number, high: number): number {
    return Math.round(this.random.between(low, high) * 2) / 2
  }

  /** Weekly hours of home care, from HOME_CARE_HOURS. */
  homeCareHours(): number {
    const [low, high] = this.random.weighted(HOME_CARE_HOURS)
    return this.hours(low, high)
  }

  /**
   * The lines of a long-term package in the community: one line, or for a
   * part direct payment a direct payment beside a managed service.
   */
  community(band: AgeBand, psr: string, mechanism: CommunityMechanism): ServiceLine[] {
    if (mechanism === 'dp') return [this.directPayment(band, psr, 1)]
    if (mechanism === 'part-dp') {
      return [this.directPayment(band, psr, 0.5), this.managedCommunity(band, psr, MECHANISM_CODE.managed)]
    }
    return [this.managedCommunity(band, psr, MECHANISM_CODE[mechanism])]
  }

  private directPayment(band: AgeBand, psr: string, share: number): ServiceLine {
    const learningDisability = band === '18-64' && psr === 'Learning disability support'
    const hours = learningDisability ? this.hours(10, 40) : this.homeCareHours()
    return {
      service_type: 'Long term support: Community',
      service_component: 'Direct payment',
      delivery_mechanism: 'Direct Payment',
      unit_cost_pence: this.cost('directPaymentHour'),
      cost_frequency_unit_type: 'Hourly',
      planned_units_per_week: Math.max(1, Math.round(hours * share * 2) / 2),
    }
  }

  private managedCommunity(
    band: AgeBand,
    psr: string,
    mechanism: ServiceLine['delivery_mechanism'],
  ): ServiceLine {
    const base = { service_type: 'Long term support: Community', delivery_mechanism: mechanism } as const
    const kind =
      band === '18-64' && psr === 'Learning disability support'
        ? this.random.weighted([
            ['supported-living', 45],
            ['day', 30],
            ['shared-lives', 10],
            ['home', 15],
          ] as const)
        : this.random.weighted([
            ['home', 85],
            ['extra-care', band === '65+' ? 8 : 1],
            ['day', 7],
          ] as const)
    switch (kind) {
      case 'supported-living':
        return {
          ...base,
          service_component: 'Community supported living',
          unit_cost_pence: this.cost('supportedLivingHour'),
          cost_frequency_unit_type: 'Hourly',
          planned_units_per_week: this.hours(15, 70),
        }
      case 'day':
        return {
          ...base,
          service_component: 'Day support',
          unit_cost_pence: this.cost('dayServiceSession'),
          cost_frequency_unit_type: 'Per session',
          planned_units_per_week: this.random.int(1, 5),
        }
      case 'shared-lives':
        return {
          ...base,
          service_component: 'Shared Lives',
          unit_cost_pence: this.cost('sharedLivesWeek'),
          cost_frequency_unit_type: 'Weekly',
          planned_units_per_week: 1,
        }
      case 'extra-care':
        return {
          ...base,
          service_component: 'Extra care housing',
          unit_cost_pence: this.cost('extraCareHour'),
          cost_frequency_unit_type: 'Hourly',
          planned_units_per_week: this.hours(5, 15),
        }
      default:
        return {
          ...base,
          service_component: 'Home support or domiciliary care',
          unit_cost_pence: this.cost('homeCareHour'),
          cost_frequency_unit_type: 'Hourly',
          planned_units_per_week: this.homeCareHours(),
        }
    }
  }

  /** A long-term care home placement, commissioned by the council at a weekly fee. */
  careHome(setting: 'nursing' | 'residential', band: AgeBand): ServiceLine {
    const older = band === '65+'
    const key: CostKey =
      setting === 'nursing'
        ? older
          ? 'nursingWeekOlder'
          : 'nursingWeekWorkingAge'
        : older
          ? 'residentialWeekOlder'
          : 'residentialWeekWorkingAge'
    return {
      service_type:
        setting === 'nursing' ? 'Long term support: Nursing care' : 'Long term support: Residential care',
      service_component: setting === 'nursing' ? 'Long term nursing care' : 'Long term residential care',
      delivery_mechanism: 'CASSR Commissioned Support',
      unit_cost_pence: this.cost(key),
      cost_frequency_unit_type: 'Weekly',
      planned_units_per_week: 1,
    }
  }

  /** Reablement (ST-Max): home care with a therapy aim, free to the person. */
  reablement(): ServiceLine {
    return {
      service_type: 'Short term support: ST-Max',
      service_component: 'Reablement',
      delivery_mechanism: 'CASSR Commissioned Support',
      unit_cost_pence: this.cost('reablementHour'),
      cost_frequency_unit_type: 'Hourly',
      planned_units_per_week: this.hours(5, 15),
    }
  }

  /** Ongoing low-level support, and how many days it runs (0: a one-off; null: open-ended). */
  lowLevel(): { line: ServiceLine; days: number | null } {
    const base = {
      service_type: 'Short term support: Ongoing low level',
      delivery_mechanism: 'CASSR Commissioned Support',
    } as const
    const kind = this.random.weighted([
      ['equipment', 60],
      ['telecare', 25],
      ['meals', 15],
    ] as const)
    if (kind === 'equipment') {
      return {
        line: {
          ...base,
          service_component: 'Equipment',
          unit_cost_pence: this.cost('equipmentOneOff'),
          cost_frequency_unit_type: 'One-off',
          planned_units_per_week: null,
        },
        days: 0,
      }
    }
    if (kind === 'telecare') {
      return {
        line: {
          ...base,
          service_component: 'Other short term support',
          unit_cost_pence: this.cost('telecareWeek'),
          cost_frequency_unit_type: 'Weekly',
          planned_units_per_week: 1,
        },
        days: this.random.chance(0.5) ? null : this.random.int(90, 720),
      }
    }
    return {
      line: {
        ...base,
        service_component: 'Meals',
        unit_cost_pence: this.cost('mealSession'),
        cost_frequency_unit_type: 'Per session',
        planned_units_per_week: this.random.int(5, 7),
      },
      days: this.random.int(30, 365),
    }
  }

  /** Other short-term support (a short care-home stay or a few weeks of help at home) and its length in days. */
  otherShortTerm(): { line: ServiceLine; days: number } {
    const base = {
      service_type: 'Short term support: Other short term',
      delivery_mechanism: 'CASSR Commissioned Support',
    } as const
    if (this.random.chance(0.5)) {
      return {
        line: {
          ...base,
          service_component: 'Short term residential care',
          unit_cost_pence: this.cost('respiteWeek'),
          cost_frequency_unit_type: 'Weekly',
          planned_units_per_week: 1,
        },
        days: this.random.int(7, 28),
      }
    }
    return {
      line: {
        ...base,
        service_component: 'Other short term support',
        unit_cost_pence: this.cost('homeCareHour'),
        cost_frequency_unit_type: 'Hourly',
        planned_units_per_week: this.hours(5, 15),
      },
      days: this.random.int(14, 42),
    }
  }

  /** Care at the end of life, at home. */
  endOfLife(): ServiceLine {
    return {
      service_type: 'Short term support: Other short term',
      service_component: 'End of life care',
      delivery_mechanism: 'CASSR Commissioned Support',
      unit_cost_pence: this.cost('endOfLifeHour'),
      cost_frequency_unit_type: 'Hourly',
      planned_units_per_week: this.hours(14, 35),
    }
  }

  /** Support for an unpaid carer: a yearly direct payment, or a sitting service or respite. */
  carer(directPayment: boolean): { line: ServiceLine; days: number } {
    if (directPayment) {
      return {
        line: {
          service_type: 'Unpaid carer support: Direct to unpaid carer',
          service_component: 'Direct payment',
          delivery_mechanism: 'Direct Payment',
          unit_cost_pence: this.cost('carerDirectPaymentYear'),
          cost_frequency_unit_type: 'Annually',
          planned_units_per_week: 1,
        },
        days: 364,
      }
    }
    if (this.random.chance(0.6)) {
      return {
        line: {
          service_type: 'Unpaid carer support: Support involving the person cared-for',
          service_component: 'Unpaid carer sitting service',
          delivery_mechanism: 'CASSR Commissioned Support',
          unit_cost_pence: this.cost('carerSittingHour'),
          cost_frequency_unit_type: 'Hourly',
          planned_units_per_week: this.hours(3, 6),
        },
        days: this.random.int(90, 364),
      }
    }
    return {
      line: {
        service_type: 'Unpaid carer support: Support involving the person cared-for',
        service_component: 'Unpaid carer respite',
        delivery_mechanism: 'CASSR Commissioned Support',
        unit_cost_pence: this.cost('respiteWeek'),
        cost_frequency_unit_type: 'Weekly',
        planned_units_per_week: 1,
      },
      days: this.random.int(7, 14),
    }
  }

  /** The same package with its weekly units changed by a review (never below one unit). */
  adjusted(line: ServiceLine): ServiceLine {
    if (line.planned_units_per_week === null || line.cost_frequency_unit_type === 'Weekly') return line
    const factor = this.random.chance(0.5) ? this.random.between(1.1, 1.5) : this.random.between(0.6, 0.9)
    const units = Math.max(1, Math.round(line.planned_units_per_week * factor * 2) / 2)
    const whole = line.cost_frequency_unit_type === 'Per session'
    return { ...line, planned_units_per_week: whole ? Math.max(1, Math.round(units)) : units }
  }
}
