import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { allow, currentUser } from '../../app/guards.ts'
import type { AppServices } from '../../app/services.ts'
import { isoDay } from '../../kernel/dates.ts'
import { pathId } from '../../kernel/path-id.ts'
import { can } from '../identity/roles.ts'
import { COST_UNIT_LABELS, type CostUnit } from '../plans/plan-costs.ts'
import { DELIVERY_MECHANISM_LABELS } from '../plans/plan-input.ts'
import { PROVIDER_KIND_LABELS, type ProviderKind } from './inputs.ts'
import { DECLINE_REASON_LABELS, DECLINE_REASONS, isOpen, OFFER_STATUS_LABELS } from './offer-rules.ts'
import { declinesByComponent } from './offer-store.ts'
import { NOT_OFFERED, offersByLine } from './offers.ts'
import { councilMarketGaps, planProviders } from './plan-matching.ts'

/**
 * The directory put to work for plans: the providers that could provide each
 * line of a plan (for those who plan care and can search the directory), and
 * where the council's plans need providers the directory does not list (for
 * those who keep it).
 */
export async function planMatchingRoutes(app: FastifyInstance, services: AppServices) {
  const { database } = services
  // Plans are read by those who plan and decide; the directory by those who plan, pay and commission.
  const plansAndMarket = { preHandler: [allow('readPlans'), allow('readMarket')] }
  const keepers = { preHandler: allow('manageMarket') }
  const today = () => isoDay(services.now())
  const planId = (request: FastifyRequest) => pathId((request.params as { id: string }).id, 'Support plan')

  app.get(
    '/api/v1/plans/:id/providers',
    {
      ...plansAndMarket,
      schema: {
        tags: ['market'],
        summary:
          'The directory’s services that could provide each line of a plan where the person lives, payable the way its money is held, with their rates',
        params: z.toJSONSchema(z.object({ id: z.uuid() })),
      },
    },
    async (request) => planProviders(database, currentUser(request), planId(request)),
  )

  app.get('/plans/:id/providers', { ...plansAndMarket, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const found = await planProviders(database, user, planId(request))
    const offers = await offersByLine(database, user, found.plan.id)
    const canArrange = can(user.role, 'arrangePackages') && found.plan.status === 'active'
    const done = String((request.query as { done?: unknown }).done ?? '')
    return reply.view('market/views/plan-providers.njk', {
      flash: { offered: 'Offer sent', withdrawn: 'Offer withdrawn' }[done],
      title: `Providers for ${found.personName}’s support plan`,
      breadcrumbs: [
        { text: found.personName, href: `/people/${found.plan.personId}` },
        { text: `Support plan, version ${found.plan.version}`, href: `/plans/${found.plan.id}` },
      ],
      ...found,
      lines: found.lines.map((line) => {
        const { arrangement, offers: made } = offers.get(line.position) ?? NOT_OFFERED
        const offerable =
          canArrange && line.deliveryMechanism !== 'direct_payment' && arrangement.state !== 'arranged'
        const openTo = new Set(made.filter(isOpen).map((o) => o.providerId))
        return {
          ...line,
          arrangement,
          offers: made.map((o) => ({
            ...o,
            statusLabel: OFFER_STATUS_LABELS[o.status],
            declineReasonLabel: o.declineReason ? DECLINE_REASON_LABELS[o.declineReason] : null,
            canWithdraw: canArrange && isOpen(o),
          })),
          deliveryLabel: DELIVERY_MECHANISM_LABELS[line.deliveryMechanism],
          costUnitLabel: COST_UNIT_LABELS[line.costUnit as CostUnit] ?? line.costUnit,
          matches: line.matches.map((m) => ({
            ...m,
            kindLabel: PROVIDER_KIND_LABELS[m.providerKind as ProviderKind] ?? m.providerKind,
            rateUnitLabel: m.rateUnit ? (COST_UNIT_LABELS[m.rateUnit as CostUnit] ?? m.rateUnit) : null,
            offerHref:
              offerable && !openTo.has(m.providerId)
                ? `/plans/${found.plan.id}/offers/new?line=${line.position}&provider=${m.providerId}`
                : null,
          })),
        }
      }),
      canArrange,
    })
  })

  app.get(
    '/api/v1/market/gaps',
    {
      ...keepers,
      schema: {
        tags: ['market'],
        summary:
          'Where the council’s plans in effect need a service component and the directory lists nobody, or nobody for direct payments or ISFs, by postcode district; and, over the last twelve months, the packages offered for each component, accepted, and declined for each reason',
      },
    },
    async (request) => {
      const user = currentUser(request)
      return {
        gaps: await councilMarketGaps(database, user),
        declines: await declinesByComponent(database.db, user.councilId, today()),
      }
    },
  )

  app.get('/market/gaps', { ...keepers, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const gaps = await councilMarketGaps(database, user)
    return reply.view('market/views/market-gaps.njk', {
      declines: await declinesByComponent(database.db, user.councilId, today()),
      reasons: DECLINE_REASONS.map((reason) => ({ reason, label: DECLINE_REASON_LABELS[reason] })),
      title: 'Where plans need providers',
      breadcrumbs: [{ text: 'Providers and services', href: '/market' }],
      gaps,
      open: gaps.filter((g) => g.kind !== 'covered'),
      covered: gaps.filter((g) => g.kind === 'covered').length,
    })
  })
}
