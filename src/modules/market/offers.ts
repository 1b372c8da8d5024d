/**
 * Arranging a plan's care with providers: the council offers a line of a plan
 * in effect to a provider of its directory; the provider accepts it (and so
 * provides it, and the line's other offers are withdrawn) or declines it with
 * a reason. Every offer, reply and withdrawal is audited against the person,
 * and so is every reading of an offer by a provider: before it accepts, a
 * provider sees the care asked for and the postcode district only; once it has
 * accepted, the person's name and postcode.
 */

import { daysBetween } from '../../kernel/dates.ts'
import type { Database } from '../../kernel/db/connect.ts'
import { postcodeDistrict } from '../../kernel/postcode.ts'
import { conflict, forbidden, notFound, ValidationProblem } from '../../kernel/problem.ts'
import { parseInput } from '../../kernel/validation.ts'
import { type AuditEntry, recordAudit } from '../audit/store.ts'
import type { CurrentUser } from '../identity/store.ts'
import { computeMeasure } from '../measures/compute.ts'
import { rollingYearTo } from '../measures/periods.ts'
import { personName } from '../people/rules.ts'
import { findPlan } from '../plans/store.ts'
import { offerSchema, replySchema, withdrawSchema } from './offer-inputs.ts'
import { type Arrangement, arrangementOf, isOpen, offerRefusal } from './offer-rules.ts'
import {
  findOffer,
  insertOffer,
  linesWaitingForProviders,
  type OfferRow,
  offersOfPlan,
  offersToProvider,
  recordReply,
  withdrawOffers,
} from './offer-store.ts'
import { findProvider } from './store.ts'

const OTHER_ACCEPTED = 'Another provider has accepted this package'
const PLAN_ENDED = 'The plan this package was for is no longer in effect'

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505'

/** An offer as the council reads it. */
function councilOfferJson(offer: OfferRow) {
  return {
    id: offer.id,
    planId: offer.plan_id,
    linePosition: offer.line_position,
    providerId: offer.provider_id,
    providerName: offer.provider_name,
    status: offer.status,
    startOn: offer.start_on,
    acceptedStartOn: offer.accepted_start_on,
    message: offer.message,
    offeredAt: offer.offered_at,
    offeredBy: offer.offered_by_name,
    respondedAt: offer.responded_at,
    declineReason: offer.decline_reason,
    declineDetails: offer.decline_details,
    withdrawnAt: offer.withdrawn_at,
    withdrawnReason: offer.withdrawn_reason,
  }
}
export type CouncilOffer = ReturnType<typeof councilOfferJson>

/**
 * An offer as its provider reads it: the care asked for and where; the
 * person's name and postcode only once it has accepted.
 */
function providerOfferJson(offer: OfferRow) {
  const accepted = offer.status === 'accepted'
  return {
    id: offer.id,
    status: offer.status,
    serviceType: offer.service_type,
    serviceComponent: offer.service_component,
    deliveryMechanism: offer.delivery_mechanism,
    unitsPerWeek: offer.units_per_week,
    costUnit: offer.cost_unit,
    unitCostPence: offer.unit_cost_pence,
    weeklyPence: offer.weekly_pence,
    district: offer.postcode ? (postcodeDistrict(offer.postcode) ?? null) : null,
    startOn: offer.start_on,
    acceptedStartOn: offer.accepted_start_on,
    message: offer.message,
    offeredAt: offer.offered_at,
    respondedAt: offer.responded_at,
    declineReason: offer.decline_reason,
    declineDetails: offer.decline_details,
    withdrawnAt: offer.withdrawn_at,
    withdrawnReason: offer.withdrawn_reason,
    person: accepted
      ? { name: personName(offer), laPersonId: offer.la_person_id, postcode: offer.postcode }
      : null,
  }
}
export type ProviderOffer = ReturnType<typeof providerOfferJson>

const offerEntry = (
  user: CurrentUser,
  action: AuditEntry['action'],
  offer: Pick<OfferRow, 'id' | 'person_id'>,
  detail: Record<string, unknown>,
): AuditEntry => ({
  councilId: user.councilId,
  userId: user.id,
  action,
  recordType: 'package_offer',
  recordId: offer.id,
  personId: offer.person_id,
  detail,
})

/** Where arranging a line stands, from the offers made for it. */
const arrangementOfRows = (offers: readonly OfferRow[]) =>
  arrangementOf(
    offers.map((o) => ({
      status: o.status,
      providerName: o.provider_name,
      acceptedStartOn: o.accepted_start_on,
    })),
  )

/** A line's offers and where arranging it stands. */
export interface LineOffers {
  arrangement: Arrangement
  offers: CouncilOffer[]
}

/** A line no offer has been made for. */
export const NOT_OFFERED: LineOffers = { arrangement: { state: 'not_offered' }, offers: [] }

/**
 * Each line's offers and where arranging it stands (lines without offers are
 * not in the map: NOT_OFFERED), for a plan the caller has read (and audited)
 * already.
 *
 * @example
 * const byLine = await offersByLine(database, user, planId) // Map(1 => { arrangement, offers })
 */
export async function offersByLine(database: Database, user: CurrentUser, planId: string) {
  const all = await offersOfPlan(database.db, user.councilId, planId)
  const byLine = new Map<number, LineOffers>()
  for (const position of new Set(all.map((offer) => offer.line_position))) {
    const mine = all.filter((offer) => offer.line_position === position)
    byLine.set(position, { arrangement: arrangementOfRows(mine), offers: mine.map(councilOfferJson) })
  }
  return byLine
}

/**
 * Offers a line of a plan in effect to an active provider of the directory,
 * audited. 404 for another council's plan; 422 for bad input or a provider or
 * line not found; 409 when the line cannot be offered to it now (the plan is
 * not in effect, its money is a direct payment, the line is arranged, or the
 * provider has it already).
 *
 * @example
 * const offer = await makeOffer(database, user, planId, { linePosition: 1, providerId, startOn: '2026-07-01' }, today)
 */
export async function makeOffer(
  database: Database,
  user: CurrentUser,
  planId: string,
  body: unknown,
  today: string,
): Promise<CouncilOffer> {
  return database.db.transaction().execute(async (tx) => {
    const plan = await findPlan(tx, user.councilId, planId)
    if (!plan) throw notFound('Support plan')
    const input = parseInput(offerSchema(today), body)
    const line = plan.lines.find((l) => l.position === input.linePosition)
    if (!line) throw new ValidationProblem([{ field: 'linePosition', message: 'Choose a line of the plan' }])
    const provider = await findProvider(tx, user.councilId, input.providerId)
    if (provider?.status !== 'active')
      throw new ValidationProblem([
        { field: 'providerId', message: 'Choose a provider listed in the council’s directory' },
      ])
    if (line.delivery_mechanism === 'direct_payment')
      throw conflict(
        'A direct payment’s care is arranged by the person it is paid to, not offered by the council',
      )
    const lineOffers = (await offersOfPlan(tx, user.councilId, planId)).filter(
      (o) => o.line_position === line.position,
    )
    const refused = offerRefusal(
      plan,
      {
        arrangement: arrangementOfRows(lineOffers),
        openTo: lineOffers.filter(isOpen).map((o) => o.provider_id),
      },
      provider.id,
    )
    if (refused) throw conflict(refused)
    const { id } = await insertOffer(tx, {
      councilId: user.councilId,
      planId,
      linePosition: line.position,
      providerId: provider.id,
      startOn: input.startOn,
      message: input.message ?? null,
      offeredBy: user.id,
    }).catch((error: unknown) => {
      // Two offering the same line to the same provider at once: the second meets the one-open-offer key.
      if (isUniqueViolation(error)) throw conflict('This line is already offered to this provider')
      throw error
    })
    const offer = (await findOffer(tx, user.councilId, id)) as OfferRow
    await recordAudit(
      tx,
      offerEntry(user, 'create', offer, { planId, linePosition: line.position, providerId: provider.id }),
    )
    return councilOfferJson(offer)
  })
}

/**
 * Withdraws an offer still waiting for a reply, audited; 404 for another
 * council's, 409 once answered or withdrawn.
 *
 * @example
 * await withdrawOffer(database, user, offerId, { withdrawnReason: 'The person has chosen a direct payment' })
 */
export async function withdrawOffer(database: Database, user: CurrentUser, offerId: string, body: unknown) {
  return database.db.transaction().execute(async (tx) => {
    const offer = await findOffer(tx, user.councilId, offerId, { forUpdate: true })
    if (!offer) throw notFound('Offer')
    const input = parseInput(withdrawSchema, body)
    if (!isOpen(offer)) throw conflict('Only an offer waiting for a reply can be withdrawn')
    await withdrawOffers(tx, { id: offer.id }, user.id, input.withdrawnReason ?? null)
    await recordAudit(tx, offerEntry(user, 'update', offer, { status: 'withdrawn' }))
    return councilOfferJson((await findOffer(tx, user.councilId, offerId)) as OfferRow)
  })
}

/**
 * One offer of the council, audited as read; 404 for another council's.
 *
 * @example
 * const offer = await readCouncilOffer(database, user, offerId)
 */
export async function readCouncilOffer(database: Database, user: CurrentUser, offerId: string) {
  return database.db.transaction().execute(async (tx) => {
    const offer = await findOffer(tx, user.councilId, offerId)
    if (!offer) throw notFound('Offer')
    await recordAudit(tx, offerEntry(user, 'read', offer, { view: 'offer' }))
    return councilOfferJson(offer)
  })
}

/** The provider user's own provider, or 403 for anyone else. */
function ownProviderId(user: CurrentUser): string {
  if (!user.providerId) throw forbidden()
  return user.providerId
}

/**
 * The offers made to the user's provider: waiting for its reply, accepted (for
 * plans in effect), and the last it declined or saw withdrawn; every offer
 * listed audited as read by the provider.
 *
 * @example
 * const { open, accepted, closed } = await offersForProvider(database, user)
 */
export async function offersForProvider(database: Database, user: CurrentUser) {
  const providerId = ownProviderId(user)
  return database.db.transaction().execute(async (tx) => {
    const found = await offersToProvider(tx, user.councilId, providerId)
    const all = [...found.open, ...found.accepted, ...found.closed]
    if (all.length > 0)
      await recordAudit(
        tx,
        all.map((offer) => offerEntry(user, 'read', offer, { view: 'offers to the provider' })),
      )
    return {
      open: found.open.map(providerOfferJson),
      accepted: found.accepted.map(providerOfferJson),
      closed: found.closed.map(providerOfferJson),
    }
  })
}

/**
 * One offer made to the user's provider, audited as read; 404 for any other.
 *
 * @example
 * const offer = await readOfferForProvider(database, user, offerId)
 */
export async function readOfferForProvider(database: Database, user: CurrentUser, offerId: string) {
  const providerId = ownProviderId(user)
  return database.db.transaction().execute(async (tx) => {
    const offer = await findOffer(tx, user.councilId, offerId, { providerId })
    if (!offer) throw notFound('Offer')
    await recordAudit(tx, offerEntry(user, 'read', offer, { view: 'offer' }))
    return providerOfferJson(offer)
  })
}

/**
 * The provider's reply to an offer made to it: accepted from a date (the
 * line's other open offers are then withdrawn), or declined with a reason; one
 * transaction, audited. 404 for any other provider's offer; 409 once answered
 * or withdrawn, or when the plan is no longer in effect, or when another
 * provider accepted the line first.
 *
 * @example
 * await replyToOffer(database, user, offerId, { decision: 'accept', acceptedStartOn: '2026-07-01' }, today)
 */
export async function replyToOffer(
  database: Database,
  user: CurrentUser,
  offerId: string,
  body: unknown,
  today: string,
): Promise<ProviderOffer> {
  const providerId = ownProviderId(user)
  return database.db.transaction().execute(async (tx) => {
    const offer = await findOffer(tx, user.councilId, offerId, { providerId, forUpdate: true })
    if (!offer) throw notFound('Offer')
    const reply = parseInput(replySchema(today), body)
    if (!isOpen(offer))
      throw conflict(
        offer.status === 'withdrawn'
          ? `The council has withdrawn this offer${offer.withdrawn_reason ? `: ${offer.withdrawn_reason}` : ''}`
          : 'You have already replied to this offer',
      )
    if (offer.plan_status !== 'active') throw conflict(PLAN_ENDED)
    const entries: AuditEntry[] = []
    if (reply.decision === 'accept') {
      await recordReply(tx, offer.id, {
        status: 'accepted',
        acceptedStartOn: reply.acceptedStartOn,
        by: user.id,
      }).catch((error: unknown) => {
        if (isUniqueViolation(error)) throw conflict(OTHER_ACCEPTED)
        throw error
      })
      const others = await withdrawOffers(
        tx,
        { planId: offer.plan_id, linePosition: offer.line_position, exceptId: offer.id },
        user.id,
        OTHER_ACCEPTED,
      )
      entries.push(offerEntry(user, 'update', offer, { status: 'accepted' }))
      for (const other of others)
        entries.push(
          offerEntry(user, 'update', { id: other.id, person_id: offer.person_id }, { status: 'withdrawn' }),
        )
    } else {
      await recordReply(tx, offer.id, {
        status: 'declined',
        reason: reply.declineReason,
        details: reply.declineDetails ?? null,
        by: user.id,
      })
      entries.push(offerEntry(user, 'update', offer, { status: 'declined', reason: reply.declineReason }))
    }
    await recordAudit(tx, entries)
    return providerOfferJson((await findOffer(tx, user.councilId, offerId)) as OfferRow)
  })
}

/**
 * The council's packages still to be arranged (lines of plans in effect that
 * it arranges, naming no provider, that no provider has accepted), longest
 * in effect first, with how long each has waited, and how many were arranged
 * in the last twelve months and in how many days (median); each person
 * listed audited as read.
 *
 * @example
 * const { packages, lastTwelveMonths } = await packagesWaiting(database, user, '2026-06-15')
 */
export async function packagesWaiting(database: Database, user: CurrentUser, today: string) {
  // The local measure's own figure for the twelve months to today, so the page and the measure never differ.
  // (An aggregate naming nobody, worked out in transactions of its own.)
  const arranging = await computeMeasure(
    database.db,
    user.councilId,
    rollingYearTo(today),
    'PACKAGE-DAYS-MEDIAN',
  )
  return database.db.transaction().execute(async (tx) => {
    const lines = await linesWaitingForProviders(tx, user.councilId)
    if (lines.length > 0)
      await recordAudit(
        tx,
        lines.map(
          (line): AuditEntry => ({
            councilId: user.councilId,
            userId: user.id,
            action: 'read',
            recordType: 'support_plan',
            recordId: line.plan_id,
            personId: line.person_id,
            detail: { view: 'packages waiting for a provider' },
          }),
        ),
      )
    const packages = lines.map((line) => ({
      planId: line.plan_id,
      personId: line.person_id,
      personName: personName(line),
      linePosition: line.line_position,
      serviceType: line.service_type,
      serviceComponent: line.service_component,
      deliveryMechanism: line.delivery_mechanism,
      unitsPerWeek: line.units_per_week,
      costUnit: line.cost_unit,
      unitCostPence: line.unit_cost_pence,
      weeklyPence: line.weekly_pence,
      district: line.postcode ? (postcodeDistrict(line.postcode) ?? null) : null,
      inEffectFrom: line.active_from,
      daysWaiting: line.active_from ? Math.max(0, daysBetween(line.active_from, today)) : null,
      offersWaiting: line.waiting,
      declined: line.declined,
    }))
    return {
      packages,
      lastTwelveMonths: { arranged: arranging?.denominator ?? 0, medianDays: arranging?.value ?? null },
    }
  })
}
