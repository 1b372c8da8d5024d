import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { allow, currentUser } from '../../app/guards.ts'
import type { AppServices } from '../../app/services.ts'
import { dateInputErrors, dateInputValues, readDateInputs } from '../../kernel/date-input.ts'
import { addDays, isoDay } from '../../kernel/dates.ts'
import { isUuid, pathId } from '../../kernel/path-id.ts'
import { type FieldError, formRefusal } from '../../kernel/problem.ts'
import { openApiBody } from '../../kernel/validation.ts'
import { can } from '../identity/roles.ts'
import type { CurrentUser } from '../identity/store.ts'
import { personName } from '../people/rules.ts'
import { readPlan } from '../plans/actions.ts'
import { COST_UNIT_LABELS, type CostUnit } from '../plans/plan-costs.ts'
import { DELIVERY_MECHANISM_LABELS } from '../plans/plan-input.ts'
import { MESSAGE_MAX, OFFER_START, offerSchema, withdrawSchema } from './offer-inputs.ts'
import { OFFER_STATUS_LABELS } from './offer-rules.ts'
import {
  makeOffer,
  NOT_OFFERED,
  offersByLine,
  packagesWaiting,
  readCouncilOffer,
  withdrawOffer,
} from './offers.ts'
import { findProvider } from './store.ts'

type Form = Record<string, unknown>
const params = z.toJSONSchema(z.object({ id: z.uuid() }))
// The schema documents the API; its date is checked against today when used.
const DOCUMENTED_DAY = '0001-01-01'

/**
 * Arranging plans' care with providers, for those who plan it: a line of a
 * plan in effect offered to a provider of the directory (from the plan's
 * providers page), an offer withdrawn, and the packages still waiting for a
 * provider. The providers answer on their own pages (provider-offer-routes.ts).
 */
export async function offerRoutes(app: FastifyInstance, services: AppServices) {
  const { database } = services
  const arrange = { preHandler: allow('arrangePackages') }
  const today = () => isoDay(services.now())
  const form = (request: FastifyRequest): Form =>
    typeof request.body === 'object' && request.body !== null ? (request.body as Form) : {}
  const id = (request: FastifyRequest, what: string) => pathId((request.params as { id: string }).id, what)

  app.get(
    '/api/v1/plans/:id/offers',
    {
      ...arrange,
      schema: {
        tags: ['packages'],
        summary: 'The offers made to providers for each line of a plan, and where arranging each line stands',
        params,
      },
    },
    async (request) => {
      const user = currentUser(request)
      const { plan } = await readPlan(database, user, id(request, 'Support plan'))
      const byLine = await offersByLine(database, user, plan.id)
      return {
        lines: plan.lines.map((line) => ({
          position: line.position,
          ...(byLine.get(line.position) ?? NOT_OFFERED),
        })),
      }
    },
  )

  app.post(
    '/api/v1/plans/:id/offers',
    {
      ...arrange,
      schema: {
        tags: ['packages'],
        summary: 'Offer a line of a plan in effect to a provider of the directory, from a start date',
        params,
        body: openApiBody(offerSchema(DOCUMENTED_DAY)),
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await makeOffer(database, currentUser(request), id(request, 'Support plan'), request.body, today()),
        ),
  )

  app.post(
    '/api/v1/offers/:id/withdraw',
    {
      ...arrange,
      schema: {
        tags: ['packages'],
        summary:
          'Withdraw an offer still waiting for the provider’s reply (the reason is shown to the provider)',
        params,
        body: openApiBody(withdrawSchema),
      },
    },
    async (request) => withdrawOffer(database, currentUser(request), id(request, 'Offer'), request.body),
  )

  app.get(
    '/api/v1/packages/waiting',
    {
      ...arrange,
      schema: {
        tags: ['packages'],
        summary:
          'Lines of plans in effect that the council arranges, naming no provider, that no provider has accepted, longest waiting first; and how many packages were arranged in the last twelve months, in how many days (median)',
      },
    },
    async (request) => packagesWaiting(database, currentUser(request), today()),
  )

  // Pages

  app.get('/packages/waiting', { ...arrange, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const { packages, lastTwelveMonths } = await packagesWaiting(database, user, today())
    return reply.view('market/views/packages-waiting.njk', {
      lastTwelveMonths,
      measureHref: can(user.role, 'measures') ? '/measures/PACKAGE-DAYS-MEDIAN' : undefined,
      title: 'Packages waiting for a provider',
      breadcrumbs: [{ text: 'Home', href: '/' }],
      packages: packages.map((p) => ({
        ...p,
        deliveryLabel:
          DELIVERY_MECHANISM_LABELS[p.deliveryMechanism as keyof typeof DELIVERY_MECHANISM_LABELS],
        costUnitLabel: COST_UNIT_LABELS[p.costUnit as CostUnit] ?? p.costUnit,
      })),
    })
  })

  app.get('/plans/:id/offers/new', { ...arrange, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const query = request.query as { line?: unknown; provider?: unknown }
    const values: Form = {
      linePosition: query.line,
      providerId: query.provider,
      ...dateInputValues('startOn', addDays(today(), 7)),
    }
    return offerForm(reply, user, id(request, 'Support plan'), values)
  })

  app.post('/plans/:id/offers/new', { ...arrange, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const planId = id(request, 'Support plan')
    const values = form(request)
    const dates = readDateInputs(values, [OFFER_START])
    try {
      await makeOffer(database, user, planId, { ...values, ...dates.values }, today())
      return reply.redirect(`/plans/${planId}/providers?done=offered`, 303)
    } catch (error) {
      const refused = formRefusal(error, 'providerId')
      if (!refused) throw error
      return offerForm(
        reply.code(refused.status),
        user,
        planId,
        values,
        dateInputErrors(dates, refused.errors),
      )
    }
  })

  app.get('/offers/:id/withdraw', { ...arrange, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    return withdrawForm(reply, user, id(request, 'Offer'), {})
  })

  app.post('/offers/:id/withdraw', { ...arrange, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const offerId = id(request, 'Offer')
    const values = form(request)
    try {
      const offer = await withdrawOffer(database, user, offerId, values)
      return reply.redirect(`/plans/${offer.planId}/providers?done=withdrawn`, 303)
    } catch (error) {
      const refused = formRefusal(error, 'withdrawnReason')
      if (!refused) throw error
      return withdrawForm(reply.code(refused.status), user, offerId, values, refused.errors)
    }
  })

  /**
   * The offer form: the line and the provider chosen on the plan's providers
   * page, shown back; the start date and a message asked for.
   */
  async function offerForm(
    reply: FastifyReply,
    user: CurrentUser,
    planId: string,
    values: Form,
    errors?: FieldError[],
  ) {
    const found = await readPlan(database, user, planId)
    const position = Number(values.linePosition)
    const line = found.plan.lines.find((l) => l.position === position)
    const providerId =
      typeof values.providerId === 'string' && isUuid(values.providerId) ? values.providerId : ''
    const provider = providerId ? await findProvider(database.db, user.councilId, providerId) : undefined
    const back = `/plans/${planId}/providers`
    return reply.view('market/views/offer-form.njk', {
      title:
        line && provider ? `Offer line ${line.position} to ${provider.name}` : 'Offer a line to a provider',
      breadcrumbs: [
        { text: personName(found.plan), href: `/people/${found.plan.person_id}` },
        { text: 'Providers for this plan', href: back },
      ],
      planId,
      back,
      line: line
        ? {
            position: line.position,
            serviceType: line.service_type,
            serviceComponent: line.service_component,
            unitsPerWeek: line.units_per_week,
            costUnit: line.cost_unit,
            costUnitLabel: COST_UNIT_LABELS[line.cost_unit as CostUnit] ?? line.cost_unit,
            unitCostPence: line.unit_cost_pence,
            weeklyPence: line.weekly_pence,
            deliveryLabel: DELIVERY_MECHANISM_LABELS[line.delivery_mechanism],
          }
        : undefined,
      provider: provider ? { id: provider.id, name: provider.name } : undefined,
      values,
      messageMax: MESSAGE_MAX,
      errors: errors ?? missingChoices(line !== undefined, provider !== undefined),
    })
  }

  async function withdrawForm(
    reply: FastifyReply,
    user: CurrentUser,
    offerId: string,
    values: Form,
    errors?: FieldError[],
  ) {
    const offer = await readCouncilOffer(database, user, offerId)
    return reply.view('market/views/withdraw-offer.njk', {
      title: `Withdraw the offer to ${offer.providerName}`,
      breadcrumbs: [{ text: 'Providers for this plan', href: `/plans/${offer.planId}/providers` }],
      offer: { ...offer, statusLabel: OFFER_STATUS_LABELS[offer.status] },
      values,
      messageMax: MESSAGE_MAX,
      errors,
    })
  }
}

/** An offer form reached without a line or a provider chosen (an old link, a changed plan) says which is missing. */
function missingChoices(hasLine: boolean, hasProvider: boolean): FieldError[] | undefined {
  const errors = [
    ...(hasLine ? [] : [{ field: 'linePosition', message: 'Choose a line of the plan' }]),
    ...(hasProvider ? [] : [{ field: 'providerId', message: 'Choose a provider from the directory' }]),
  ]
  return errors.length > 0 ? errors : undefined
}
