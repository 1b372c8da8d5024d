import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { allow, currentUser } from '../../app/guards.ts'
import type { AppServices } from '../../app/services.ts'
import { dateInputErrors, dateInputValues, readDateInputs } from '../../kernel/date-input.ts'
import { isoDay } from '../../kernel/dates.ts'
import { pathId } from '../../kernel/path-id.ts'
import { type FieldError, formRefusal } from '../../kernel/problem.ts'
import { openApiBody } from '../../kernel/validation.ts'
import type { CurrentUser } from '../identity/store.ts'
import { COST_UNIT_LABELS, type CostUnit } from '../plans/plan-costs.ts'
import { DELIVERY_MECHANISM_LABELS } from '../plans/plan-input.ts'
import { ACCEPTED_START, MESSAGE_MAX, replySchema } from './offer-inputs.ts'
import { DECLINE_REASON_LABELS, DECLINE_REASONS, OFFER_STATUS_LABELS } from './offer-rules.ts'
import { offersForProvider, type ProviderOffer, readOfferForProvider, replyToOffer } from './offers.ts'

type Form = Record<string, unknown>
const params = z.toJSONSchema(z.object({ id: z.uuid() }))
// The schema documents the API; its date is checked against today when used.
const DOCUMENTED_DAY = '0001-01-01'
const BREADCRUMBS = [
  { text: 'Home', href: '/' },
  { text: 'Packages offered', href: '/provider/offers' },
]

/** An offer with the labels its pages show. */
const offerView = (offer: ProviderOffer) => ({
  ...offer,
  statusLabel: OFFER_STATUS_LABELS[offer.status],
  deliveryLabel:
    DELIVERY_MECHANISM_LABELS[offer.deliveryMechanism as keyof typeof DELIVERY_MECHANISM_LABELS] ??
    offer.deliveryMechanism,
  costUnitLabel: COST_UNIT_LABELS[offer.costUnit as CostUnit] ?? offer.costUnit,
  declineReasonLabel: offer.declineReason ? DECLINE_REASON_LABELS[offer.declineReason] : null,
})

/**
 * The packages a council offers a provider, on the provider's own pages and
 * API: those waiting for its reply, each answered (accepted from a date, or
 * declined with a reason), and those it accepted, with the person's name and
 * postcode once it has.
 */
export async function providerOfferRoutes(app: FastifyInstance, services: AppServices) {
  const { database } = services
  const own = { preHandler: allow('ownListing') }
  const today = () => isoDay(services.now())
  const offerId = (request: FastifyRequest) => pathId((request.params as { id: string }).id, 'Offer')

  app.get(
    '/api/v1/provider/offers',
    {
      ...own,
      schema: {
        tags: ['provider'],
        summary:
          'The packages offered to your provider: waiting for your reply, accepted (for plans in effect), and the last declined or withdrawn',
      },
    },
    async (request) => offersForProvider(database, currentUser(request)),
  )

  app.get(
    '/api/v1/provider/offers/:id',
    { ...own, schema: { tags: ['provider'], summary: 'One package offered to your provider', params } },
    async (request) => readOfferForProvider(database, currentUser(request), offerId(request)),
  )

  app.post(
    '/api/v1/provider/offers/:id/reply',
    {
      ...own,
      schema: {
        tags: ['provider'],
        summary: 'Accept a package offered to your provider from a start date, or decline it with a reason',
        params,
        body: openApiBody(replySchema(DOCUMENTED_DAY)),
      },
    },
    async (request) => replyToOffer(database, currentUser(request), offerId(request), request.body, today()),
  )

  // Pages

  app.get('/provider/offers', { ...own, schema: { hide: true } }, async (request, reply) => {
    const found = await offersForProvider(database, currentUser(request))
    const done = String((request.query as Form).done ?? '')
    return reply.view('market/views/provider-offers.njk', {
      title: 'Packages offered to you',
      breadcrumbs: [{ text: 'Home', href: '/' }],
      flash: { accepted: 'You have accepted the package', declined: 'You have declined the package' }[done],
      open: found.open.map(offerView),
      accepted: found.accepted.map(offerView),
      closed: found.closed.map(offerView),
    })
  })

  app.get('/provider/offers/:id', { ...own, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const id = offerId(request)
    return offerPage(reply, user, id, dateInputValues('acceptedStartOn', null))
  })

  app.post('/provider/offers/:id', { ...own, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const id = offerId(request)
    const values = (request.body ?? {}) as Form
    // The start date's boxes are read only when accepting: declining asks for none.
    const dates = readDateInputs(values, values.decision === 'accept' ? [ACCEPTED_START] : [])
    try {
      const answered = await replyToOffer(database, user, id, { ...values, ...dates.values }, today())
      return reply.redirect(`/provider/offers?done=${answered.status}`, 303)
    } catch (error) {
      const refused = formRefusal(error, 'decision')
      if (!refused) throw error
      return offerPage(reply.code(refused.status), user, id, values, dateInputErrors(dates, refused.errors))
    }
  })

  async function offerPage(
    reply: FastifyReply,
    user: CurrentUser,
    id: string,
    values: Form,
    errors?: FieldError[],
  ) {
    const offer = offerView(await readOfferForProvider(database, user, id))
    const component = offer.serviceComponent ?? offer.serviceType
    return reply.view('market/views/provider-offer.njk', {
      title: `Package offered: ${component}`,
      breadcrumbs: BREADCRUMBS,
      offer,
      values,
      errors,
      messageMax: MESSAGE_MAX,
      reasonItems: DECLINE_REASONS.map((reason) => ({
        value: reason,
        text: DECLINE_REASON_LABELS[reason],
        checked: values.declineReason === reason,
      })),
    })
  }
}
