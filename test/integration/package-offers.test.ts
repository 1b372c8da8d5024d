import { expect, it } from 'vitest'
import { can, ROLES } from '../../src/modules/identity/roles.ts'
import { dateBoxes } from '../support/date-boxes.ts'
import { draftPlan, homeCare } from '../support/plan-fixtures.ts'
import { type CouncilKey, describeOnEachDatabase } from '../support/test-context.ts'
import { auditRowsFor } from '../support/written-records.ts'

const HOME = 'Home support or domiciliary care'
const START = '2026-06-22'

describeOnEachDatabase('arranging plans’ care with providers (package offers)', (ctx) => {
  const db = () => ctx().database.db
  const offersRows = () => db().selectFrom('package_offers').selectAll().orderBy('offered_at').execute()

  /**
   * A plan in effect (approved within the practitioner's delegation): line 1
   * home care the council commissions, naming no provider; line 2 a direct payment.
   */
  async function planInEffect(council: CouncilKey = 'a') {
    const { person, plan } = await draftPlan(
      ctx(),
      [
        homeCare(7, 2400, { deliveryMechanism: 'commissioned', provider: null }),
        homeCare(2, 2000, { deliveryMechanism: 'direct_payment', provider: null }),
      ],
      { council },
    )
    const approved = await (await ctx().api('practitioner', council)).post(
      `/api/v1/plans/${plan.id}/funding-requests`,
      {},
    )
    expect(approved.json().status, approved.body).toBe('approved')
    await db().updateTable('people').set({ postcode: 'DN4 5AB' }).where('id', '=', person.id).execute()
    return { person, plan }
  }

  /** Another active provider of the council's directory. */
  async function anotherProvider(name: string, council: CouncilKey = 'a') {
    const made = await (await ctx().api('commissioner', council)).post('/api/v1/providers', {
      name,
      kind: 'organisation',
      holdsIsfs: true,
    })
    expect(made.statusCode, made.body).toBe(201)
    return made.json().id as string
  }

  it('offers a line to two providers; the first to accept provides it and the other offer is withdrawn', async () => {
    const { person, plan } = await planInEffect()
    const { providerId, users } = ctx().councils.a
    const otherId = await anotherProvider('Second Home Care Ltd')
    const practitioner = await ctx().api('practitioner')
    for (const id of [providerId, otherId]) {
      const made = await practitioner.post(`/api/v1/plans/${plan.id}/offers`, {
        linePosition: 1,
        providerId: id,
        startOn: START,
        message: 'Mornings, key safe',
      })
      expect(made.statusCode, made.body).toBe(201)
      expect(made.json()).toMatchObject({ status: 'offered', linePosition: 1, startOn: START })
    }
    const listed = (await practitioner.get(`/api/v1/plans/${plan.id}/offers`)).json()
    expect(listed.lines.map((l: { arrangement: unknown }) => l.arrangement)).toEqual([
      { state: 'offered', waiting: 2 },
      { state: 'not_offered' },
    ])
    const waiting = (await practitioner.get('/api/v1/packages/waiting')).json().packages
    expect(waiting.filter((p: { planId: string }) => p.planId === plan.id)).toEqual([
      expect.objectContaining({ linePosition: 1, district: 'DN4', offersWaiting: 2, declined: 0 }),
    ])

    // The provider sees the care and the district, not who it is for, until it accepts.
    const provider = await ctx().api('provider')
    const before = (await provider.get('/api/v1/provider/offers')).json()
    const mine = before.open.find((o: { serviceComponent: string }) => o.serviceComponent === HOME)
    expect(mine).toMatchObject({
      district: 'DN4',
      unitsPerWeek: 7,
      message: 'Mornings, key safe',
      person: null,
    })
    const accepted = await provider.post(`/api/v1/provider/offers/${mine.id}/reply`, {
      decision: 'accept',
      acceptedStartOn: '2026-06-29',
    })
    expect(accepted.statusCode, accepted.body).toBe(200)
    expect(accepted.json()).toMatchObject({
      status: 'accepted',
      acceptedStartOn: '2026-06-29',
      person: { name: `${person.given_name} ${person.family_name}`, postcode: 'DN4 5AB' },
    })
    const after = (await practitioner.get(`/api/v1/plans/${plan.id}/offers`)).json().lines[0]
    expect(after.arrangement).toEqual({
      state: 'arranged',
      providerName: 'Provider of council A',
      startOn: '2026-06-29',
    })
    expect(
      after.offers.map((o: { status: string; withdrawnReason: string | null }) => [
        o.status,
        o.withdrawnReason,
      ]),
    ).toEqual([
      ['accepted', null],
      ['withdrawn', 'Another provider has accepted this package'],
    ])
    expect(
      (await practitioner.get('/api/v1/packages/waiting'))
        .json()
        .packages.some((p: { planId: string }) => p.planId === plan.id),
    ).toBe(false)
    // Arranged ten days after the plan came into effect.
    await db()
      .updateTable('support_plans')
      .set({ active_from: '2026-06-01' })
      .where('id', '=', plan.id)
      .execute()
    await db()
      .updateTable('package_offers')
      .set({ responded_at: new Date('2026-06-11T10:00:00Z') })
      .where('id', '=', mine.id)
      .execute()
    const { lastTwelveMonths } = (await practitioner.get('/api/v1/packages/waiting')).json()
    expect(lastTwelveMonths).toEqual({ arranged: 1, medianDays: 10 })
    // Offering an arranged line again is refused.
    const again = await practitioner.post(`/api/v1/plans/${plan.id}/offers`, {
      linePosition: 1,
      providerId: otherId,
      startOn: START,
    })
    expect(again.statusCode).toBe(409)
    expect(again.json().detail).toContain('already arranged with Provider of council A')

    // Every step audited against the person, as whoever took it.
    const trail = await auditRowsFor(ctx().database, mine.id)
    expect(trail.map((a) => [a.action, a.user_id, a.person_id])).toEqual([
      ['create', users.practitioner, person.id],
      ['read', users.provider, person.id],
      ['update', users.provider, person.id],
    ])
  })

  it('refuses what cannot be offered or answered, with the reason, and changes nothing', async () => {
    const { plan } = await planInEffect()
    const { providerId } = ctx().councils.a
    const practitioner = await ctx().api('practitioner')
    const offer = (body: object) => practitioner.post(`/api/v1/plans/${plan.id}/offers`, body)
    const before = await offersRows()

    const bad = await offer({
      linePosition: 9,
      providerId: 'nope',
      startOn: '2026-06-14',
      message: 'x'.repeat(1001),
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'providerId',
      'startOn',
      'message',
    ])
    expect(bad.json().errors[1].message).toBe('Start date must be today or in the future')
    expect((await offer({ linePosition: 9, providerId, startOn: START })).json().errors).toEqual([
      { field: 'linePosition', message: 'Choose a line of the plan' },
    ])
    const directPayment = await offer({ linePosition: 2, providerId, startOn: START })
    expect(directPayment.statusCode).toBe(409)
    expect(directPayment.json().detail).toContain('direct payment')
    const inactive = await anotherProvider('Closed Care Ltd')
    await db().updateTable('providers').set({ status: 'inactive' }).where('id', '=', inactive).execute()
    expect((await offer({ linePosition: 1, providerId: inactive, startOn: START })).statusCode).toBe(422)
    expect(await offersRows()).toEqual(before)

    const made = (await offer({ linePosition: 1, providerId, startOn: START })).json()
    const twice = await offer({ linePosition: 1, providerId, startOn: START })
    expect(twice.statusCode).toBe(409)
    expect(twice.json().detail).toBe('This line is already offered to this provider')

    // The provider: a reply needs a decision, a date to accept, a reason to decline.
    const provider = await ctx().api('provider')
    const reply = (body: object) => provider.post(`/api/v1/provider/offers/${made.id}/reply`, body)
    expect((await reply({})).json().errors).toEqual([
      { field: 'decision', message: 'Choose whether you can take this package' },
    ])
    expect((await reply({ decision: 'accept', acceptedStartOn: '2026-06-01' })).json().errors).toEqual([
      { field: 'acceptedStartOn', message: 'Start date must be today or in the future' },
    ])
    expect((await reply({ decision: 'decline', declineReason: 'other' })).json().errors).toEqual([
      { field: 'declineDetails', message: 'Say why you cannot take it' },
    ])
    expect((await offersRows()).find((o) => o.id === made.id)?.status).toBe('offered')
    const declined = await reply({ decision: 'decline', declineReason: 'no_capacity' })
    expect(declined.json()).toMatchObject({ status: 'declined', declineReason: 'no_capacity', person: null })
    const late = await reply({ decision: 'accept', acceptedStartOn: START })
    expect(late.statusCode).toBe(409)
    expect(late.json().detail).toBe('You have already replied to this offer')
    const waiting = (await practitioner.get('/api/v1/packages/waiting')).json().packages
    expect(waiting.find((p: { planId: string }) => p.planId === plan.id)).toMatchObject({
      offersWaiting: 0,
      declined: 1,
    })

    // Withdrawn by the council: the provider is told why, and can no longer accept.
    const second = (await offer({ linePosition: 1, providerId, startOn: START })).json()
    const withdrawn = await practitioner.post(`/api/v1/offers/${second.id}/withdraw`, {
      withdrawnReason: 'The person has chosen a direct payment',
    })
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn' })
    expect((await practitioner.post(`/api/v1/offers/${second.id}/withdraw`, {})).statusCode).toBe(409)
    const refused = await provider.post(`/api/v1/provider/offers/${second.id}/reply`, {
      decision: 'accept',
      acceptedStartOn: START,
    })
    expect(refused.statusCode).toBe(409)
    expect(refused.json().detail).toBe(
      'The council has withdrawn this offer: The person has chosen a direct payment',
    )

    // Those who keep the directory read why providers declined (this council's offers so far: the first
    // test's two, accepted and withdrawn, and this one's two, declined for capacity and withdrawn).
    const commissioner = await ctx().api('commissioner')
    expect((await commissioner.get('/api/v1/market/gaps')).json().declines).toEqual([
      {
        serviceComponent: HOME,
        offered: 4,
        accepted: 1,
        declined: { no_capacity: 1, area: 0, needs: 0, rate: 0, other: 0 },
      },
    ])
    const gapsPage = await (await ctx().browser('commissioner')).get('/market/gaps')
    expect(gapsPage.body).toContain('Why providers declined packages')
    expect(gapsPage.body).toContain('Declined: no capacity to start then')
  })

  it('lets only one provider accept a line, even when two accept at once', async () => {
    const { plan } = await planInEffect()
    const otherId = await anotherProvider('Quick Care Ltd')
    const practitioner = await ctx().api('practitioner')
    const ours = (
      await practitioner.post(`/api/v1/plans/${plan.id}/offers`, {
        linePosition: 1,
        providerId: ctx().councils.a.providerId,
        startOn: START,
      })
    ).json()
    const theirs = (
      await practitioner.post(`/api/v1/plans/${plan.id}/offers`, {
        linePosition: 1,
        providerId: otherId,
        startOn: START,
      })
    ).json()
    // The other provider's acceptance lands between our reading the offer and our writing the reply.
    await db()
      .updateTable('package_offers')
      .set({ status: 'accepted', accepted_start_on: START, responded_at: new Date() })
      .where('id', '=', theirs.id)
      .execute()
    const lost = await (await ctx().api('provider')).post(`/api/v1/provider/offers/${ours.id}/reply`, {
      decision: 'accept',
      acceptedStartOn: START,
    })
    expect(lost.statusCode).toBe(409)
    expect(lost.json().detail).toBe('Another provider has accepted this package')
    expect((await offersRows()).find((o) => o.id === ours.id)?.status).toBe('offered')
  })

  it('is for those who plan care and for the provider offered it, each in their own council', async () => {
    const { plan } = await planInEffect()
    const otherId = await anotherProvider('Not Yours Ltd')
    const practitioner = await ctx().api('practitioner')
    const offerTo = async (providerId: string) =>
      (
        await practitioner.post(`/api/v1/plans/${plan.id}/offers`, {
          linePosition: 1,
          providerId,
          startOn: START,
        })
      ).json().id as string
    const ours = await offerTo(ctx().councils.a.providerId)
    const notOurs = await offerTo(otherId)
    const before = await offersRows()

    for (const role of ROLES) {
      const api = await ctx().api(role)
      const browser = await ctx().browser(role)
      const arranges = can(role, 'arrangePackages')
      const owns = can(role, 'ownListing')
      for (const url of ['/api/v1/packages/waiting', `/api/v1/plans/${plan.id}/offers`])
        expect((await api.get(url)).statusCode, `${role} ${url}`).toBe(arranges ? 200 : 403)
      for (const url of ['/packages/waiting', `/plans/${plan.id}/offers/new?line=1&provider=${otherId}`])
        expect((await browser.get(url)).statusCode, `${role} ${url}`).toBe(arranges ? 200 : 403)
      expect((await api.get('/api/v1/provider/offers')).statusCode, role).toBe(owns ? 200 : 403)
      expect((await browser.get(`/provider/offers/${ours}`)).statusCode, role).toBe(owns ? 200 : 403)
      if (!arranges) {
        expect(
          (
            await api.post(`/api/v1/plans/${plan.id}/offers`, {
              linePosition: 1,
              providerId: otherId,
              startOn: START,
            })
          ).statusCode,
          role,
        ).toBe(403)
        expect((await api.post(`/api/v1/offers/${ours}/withdraw`, {})).statusCode, role).toBe(403)
      }
      if (!owns)
        expect(
          (
            await api.post(`/api/v1/provider/offers/${ours}/reply`, {
              decision: 'decline',
              declineReason: 'rate',
            })
          ).statusCode,
          role,
        ).toBe(403)
    }
    // A provider reads and answers only what was offered to it.
    const provider = await ctx().api('provider')
    expect((await provider.get(`/api/v1/provider/offers/${notOurs}`)).statusCode).toBe(404)
    expect(
      (
        await provider.post(`/api/v1/provider/offers/${notOurs}/reply`, {
          decision: 'accept',
          acceptedStartOn: START,
        })
      ).statusCode,
    ).toBe(404)
    expect(
      (await provider.get('/api/v1/provider/offers')).json().open.map((o: { id: string }) => o.id),
    ).not.toContain(notOurs)
    // Another council finds none of it.
    const b = await ctx().api('practitioner', 'b')
    expect((await b.get(`/api/v1/plans/${plan.id}/offers`)).statusCode).toBe(404)
    expect(
      (
        await b.post(`/api/v1/plans/${plan.id}/offers`, {
          linePosition: 1,
          providerId: otherId,
          startOn: START,
        })
      ).statusCode,
    ).toBe(404)
    expect((await b.post(`/api/v1/offers/${ours}/withdraw`, {})).statusCode).toBe(404)
    expect(
      (await b.get('/api/v1/packages/waiting'))
        .json()
        .packages.some((p: { planId: string }) => p.planId === plan.id),
    ).toBe(false)
    const providerB = await ctx().api('provider', 'b')
    expect((await providerB.get(`/api/v1/provider/offers/${ours}`)).statusCode).toBe(404)
    expect((await providerB.get('/api/v1/provider/offers')).json().open).toEqual([])
    // Signed out.
    expect((await ctx().app.inject({ method: 'GET', url: '/packages/waiting' })).statusCode).toBe(302)
    expect((await ctx().app.inject({ method: 'GET', url: '/api/v1/provider/offers' })).statusCode).toBe(401)
    expect(await offersRows()).toEqual(before)
  })

  it('works on pages: offered from the plan’s providers with an error first, answered by the provider, withdrawn', async () => {
    const { plan } = await planInEffect()
    const { providerId } = ctx().councils.a
    const browser = await ctx().browser('practitioner')
    expect((await browser.get('/')).body).toContain('href="/packages/waiting"')
    await db()
      .updateTable('provider_services')
      .set({ status: 'active' })
      .where('provider_id', '=', providerId)
      .execute()
    await (await ctx().api('provider')).post('/api/v1/provider/services', {
      name: 'Home care',
      serviceComponent: HOME,
      areas: ['DN4'],
      ratePence: 2300,
      rateUnit: 'Hourly',
    })
    const providers = await browser.get(`/plans/${plan.id}/providers`)
    const offerHref = `/plans/${plan.id}/offers/new?line=1&amp;provider=${providerId}`
    expect(providers.body).toContain(offerHref)
    expect(providers.body).toContain('a direct payment: ')
    const form = await browser.get(offerHref.replace('&amp;', '&'))
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('Offer line 1 to Provider of council A')
    expect(form.body).toContain('7 a week at £24.00 an hour: £168.00 a week')
    const wrong = await browser.post(`/plans/${plan.id}/offers/new`, {
      linePosition: '1',
      providerId,
      ...dateBoxes('startOn', '1', '6', '2026'),
    })
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toContain('govuk-error-summary')
    expect(wrong.body).toContain('href="#startOn-day"')
    expect(wrong.body).toContain('Start date must be today or in the future')
    const sent = await browser.post(`/plans/${plan.id}/offers/new`, {
      linePosition: '1',
      providerId,
      ...dateBoxes('startOn', '22', '6', '2026'),
      message: 'Mornings',
    })
    expect(sent.statusCode, sent.body).toBe(303)
    const shown = await browser.get(`/plans/${plan.id}/providers?done=offered`)
    expect(shown.body).toContain('Offer sent')
    expect(shown.body).toContain('Waiting for a reply')
    expect(shown.body).not.toContain(offerHref)
    expect((await browser.get(`/plans/${plan.id}`)).body).toContain(
      'offered to 1 provider, waiting for a reply',
    )

    const provider = await ctx().browser('provider')
    expect((await provider.get('/')).body).toMatch(/Packages offered to you<\/a>: \d+ waiting for your reply/)
    expect((await (await ctx().browser('provider', 'b')).get('/')).body).toContain(
      'Packages offered to you</a></li>',
    )
    const offerId = (
      await db()
        .selectFrom('package_offers')
        .select('id')
        .where('plan_id', '=', plan.id)
        .executeTakeFirstOrThrow()
    ).id
    expect((await provider.get('/provider/offers')).body).toContain(`href="/provider/offers/${offerId}"`)
    const page = await provider.get(`/provider/offers/${offerId}`)
    expect(page.body).toContain('DN4')
    expect(page.body).not.toContain('DN4 5AB')
    const noDecision = await provider.post(`/provider/offers/${offerId}`, {})
    expect(noDecision.statusCode).toBe(422)
    expect(noDecision.body).toContain('Choose whether you can take this package')
    const noDate = await provider.post(`/provider/offers/${offerId}`, { decision: 'accept' })
    expect(noDate.statusCode).toBe(422)
    expect(noDate.body).toContain('Enter the date you can start')
    const accepted = await provider.post(`/provider/offers/${offerId}`, {
      decision: 'accept',
      ...dateBoxes('acceptedStartOn', '29', '6', '2026'),
    })
    expect(accepted.statusCode, accepted.body).toBe(303)
    const done = await provider.get('/provider/offers?done=accepted')
    expect(done.body).toContain('You have accepted the package')
    expect(done.body).toContain('DN4 5AB')
    expect((await browser.get(`/plans/${plan.id}/providers`)).body).toContain(
      'Arranged: Provider of council A accepted this line',
    )
    expect((await browser.get(`/plans/${plan.id}`)).body).toContain(
      'Provider of council A (accepted, from 29 June 2026)',
    )

    // An offer to another provider, withdrawn from the page.
    const { plan: next } = await planInEffect()
    await browser.post(`/plans/${next.id}/offers/new`, {
      linePosition: '1',
      providerId,
      ...dateBoxes('startOn', '22', '6', '2026'),
    })
    const [row] = await db()
      .selectFrom('package_offers')
      .select('id')
      .where('plan_id', '=', next.id)
      .execute()
    const confirm = await browser.get(`/offers/${row?.id}/withdraw`)
    expect(confirm.body).toContain('Withdraw the offer to Provider of council A')
    const gone = await browser.post(`/offers/${row?.id}/withdraw`, { withdrawnReason: 'No longer needed' })
    expect(gone.statusCode, gone.body).toBe(303)
    expect((await browser.get(`/plans/${next.id}/providers?done=withdrawn`)).body).toContain(
      'No longer needed',
    )
    const waitingPage = await browser.get('/packages/waiting')
    expect(waitingPage.statusCode).toBe(200)
    expect(waitingPage.body).toContain(`/plans/${next.id}/providers`)
  })

  it('gives an individual service fund’s account, when finance opens it, the provider that accepted its line as holder', async () => {
    const { plan } = await draftPlan(ctx(), [
      homeCare(6, 2400, { deliveryMechanism: 'individual_service_fund', provider: null }),
    ])
    const approved = await (await ctx().api('practitioner')).post(
      `/api/v1/plans/${plan.id}/funding-requests`,
      {},
    )
    expect(approved.json().status).toBe('approved')
    const { providerId } = ctx().councils.a
    const offer = (
      await (
        await ctx().api('practitioner')
      ).post(`/api/v1/plans/${plan.id}/offers`, {
        linePosition: 1,
        providerId,
        startOn: START,
      })
    ).json()
    const finance = await ctx().browser('finance')
    const url = `/accounts/open?plan=${plan.id}&kind=individual_service_fund`
    expect((await finance.get(url)).body).not.toContain(`value="${providerId}" selected`)
    await (await ctx().api('provider')).post(`/api/v1/provider/offers/${offer.id}/reply`, {
      decision: 'accept',
      acceptedStartOn: START,
    })
    const form = (await finance.get(url)).body
    expect(form).toContain(`value="${providerId}" selected`)
    expect(form).toContain('value="Provider of council A"')
  })

  it('carries a provider’s accepted line over to the plan’s next version, and withdraws offers still waiting', async () => {
    const dayCentre = homeCare(1, 2000, {
      serviceComponent: 'Day support',
      costUnit: 'Daily',
      deliveryMechanism: 'commissioned',
      provider: null,
    })
    const homeSupport = homeCare(7, 2400, { deliveryMechanism: 'commissioned', provider: null })
    const { plan } = await draftPlan(ctx(), [homeSupport, dayCentre])
    const practitioner = await ctx().api('practitioner')
    expect((await practitioner.post(`/api/v1/plans/${plan.id}/funding-requests`, {})).json().status).toBe(
      'approved',
    )
    const { providerId } = ctx().councils.a
    const otherId = await anotherProvider('Later Care Ltd')
    const offer = async (linePosition: number, id: string) =>
      (
        await practitioner.post(`/api/v1/plans/${plan.id}/offers`, {
          linePosition,
          providerId: id,
          startOn: START,
        })
      ).json()
    const homeOffer = await offer(1, providerId)
    const dayOffer = await offer(2, otherId)
    await (await ctx().api('provider')).post(`/api/v1/provider/offers/${homeOffer.id}/reply`, {
      decision: 'accept',
      acceptedStartOn: '2026-06-29',
    })
    const arranged = async () =>
      (await practitioner.get('/api/v1/packages/waiting')).json().lastTwelveMonths.arranged
    const arrangedBefore = await arranged()
    // The next version puts the day centre first.
    const revised = await practitioner.post(`/api/v1/plans/${plan.id}/versions`, {
      lines: [dayCentre, homeSupport],
    })
    expect(revised.statusCode, revised.body).toBe(201)
    const next = revised.json()
    expect((await practitioner.post(`/api/v1/plans/${next.id}/funding-requests`, {})).json().status).toBe(
      'approved',
    )

    // The package carried over was arranged once, when the provider first accepted it.
    expect(await arranged()).toBe(arrangedBefore)
    const lines = (await practitioner.get(`/api/v1/plans/${next.id}/offers`)).json().lines
    expect(lines.map((l: { arrangement: unknown }) => l.arrangement)).toEqual([
      { state: 'not_offered' },
      { state: 'arranged', providerName: 'Provider of council A', startOn: '2026-06-29' },
    ])
    const old = (await practitioner.get(`/api/v1/plans/${plan.id}/offers`)).json().lines
    expect(old[1].offers).toEqual([
      expect.objectContaining({
        id: dayOffer.id,
        status: 'withdrawn',
        withdrawnReason: 'The plan has changed: a new version of it is in effect',
      }),
    ])
    const carried = await db()
      .selectFrom('package_offers')
      .selectAll()
      .where('plan_id', '=', next.id)
      .executeTakeFirstOrThrow()
    // The provider lists the line it provides once, on the plan in effect.
    const accepted = (await (await ctx().api('provider')).get('/api/v1/provider/offers')).json().accepted
    const ids = accepted.map((o: { id: string }) => o.id)
    expect(ids).toContain(carried.id)
    expect(ids).not.toContain(homeOffer.id)
    expect(carried).toMatchObject({
      line_position: 2,
      provider_id: providerId,
      carried_from_id: homeOffer.id,
    })
    const { users } = ctx().councils.a
    expect((await auditRowsFor(ctx().database, carried.id)).map((a) => [a.action, a.user_id])).toEqual([
      ['create', users.practitioner],
      ['read', users.provider],
    ])
    expect((await auditRowsFor(ctx().database, dayOffer.id)).map((a) => [a.action, a.user_id])).toEqual([
      ['create', users.practitioner],
      ['update', users.practitioner],
    ])
  })
})
